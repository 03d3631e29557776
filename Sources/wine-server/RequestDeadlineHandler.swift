import NIOCore
import NIOHTTPTypes

/// Closes a connection whose request is not read whole and answered within a deadline: from its
/// head until its end is read and the end of its response is written.
///
/// Hummingbird's idle timeout closes a connection that sends nothing parseable (a header that
/// never ends, however slowly its bytes trickle), but every body part resets it: a client sending
/// a body byte at a time could hold a connection for days. And it ignores a connection whose
/// request was read and whose response is not written: a client that never reads its responses
/// (pipelined requests that fill the socket buffers) stops the writer for good, and the
/// connection, its slot under the cap and a graceful shutdown wait for ever. This bounds both.
/// Pipelined requests each get the deadline anew once the previous response is written.
final class RequestDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let timeout: TimeAmount
    private var deadline: Scheduled<Void>?
    /// Requests whose head was read and whose end was not.
    private var unread = 0
    /// Requests whose head was read and whose response end was not written.
    private var unanswered = 0

    /// - Parameter timeout: the longest a request may take from its head until it is both read
    ///   whole and answered.
    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            unread += 1
            unanswered += 1
            if deadline == nil { arm(context) }
        case .end:
            unread = max(0, unread - 1)
            if unread == 0 && unanswered == 0 { disarm() }  // answered before its body was read
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), unanswered > 0 {
            unanswered -= 1
            disarm()
            // A pipelined request waiting, or this one's body still coming (a handler that
            // answered without reading it): a new deadline from now.
            if unanswered > 0 || unread > 0 { arm(context) }
        }
        context.write(data, promise: promise)
    }

    private func disarm() {
        deadline?.cancel()
        deadline = nil
    }

    private func arm(_ context: ChannelHandlerContext) {
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
    }
}
