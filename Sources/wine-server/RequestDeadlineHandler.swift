import NIOCore
import NIOHTTPTypes

/// Closes a connection whose request is not answered within a deadline: from its head until
/// the end of its response is written.
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
    /// Requests whose head was read and whose response end was not written yet.
    private var unanswered = 0

    /// - Parameter timeout: the longest a request may take from its head to the end of its response.
    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) {
            unanswered += 1
            if deadline == nil { arm(context) }
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), unanswered > 0 {
            unanswered -= 1
            deadline?.cancel()
            deadline = nil
            if unanswered > 0 { arm(context) }
        }
        context.write(data, promise: promise)
    }

    private func arm(_ context: ChannelHandlerContext) {
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }
}
