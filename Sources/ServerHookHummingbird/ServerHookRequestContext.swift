public import Hummingbird
public import ServerHook

/// A request context that carries a `ServerHookCapture`, so that handlers can hand their
/// features and model output to ``ServerHookMiddleware``. Conform your own context, or use
/// ``HookRequestContext``.
public protocol ServerHookRequestContext: RequestContext {
    /// This request's capture.
    var serverHookCapture: ServerHookCapture { get }
}

/// The basic request context with a `ServerHookCapture`: build the router with
/// `Router(context: HookRequestContext.self)`.
public struct HookRequestContext: ServerHookRequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// This request's capture, created with the context.
    public let serverHookCapture: ServerHookCapture

    /// A context for one request, with a new capture.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.serverHookCapture = ServerHookCapture()
    }
}
