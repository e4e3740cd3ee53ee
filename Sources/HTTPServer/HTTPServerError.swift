/// Why the server could not start.
public enum HTTPServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The configured host is not an IPv4 or IPv6 literal.
    case invalidHost(String)
    /// The configured port is outside 0...65535.
    case invalidPort(Int)
    /// A system call failed while setting up the listener or event loop.
    case systemCallFailed(call: String, errno: Int32)
    /// `start()` was called twice, or after `stop(grace:)`.
    case alreadyStarted

    /// What went wrong, and what to do about it.
    public var description: String {
        switch self {
        case .invalidHost(let host):
            "host '\(host)' is not an IPv4 or IPv6 literal; configure e.g. 127.0.0.1 or ::1"
        case .invalidPort(let port): "port \(port) is out of range; configure 0...65535 (0 picks a free port)"
        case .systemCallFailed(let call, let code):
            "\(call) failed: \(systemErrorMessage(code)); check the address is free and the process may open sockets"
        case .alreadyStarted: "the server was already started; create a new HTTPServer to start again"
        }
    }
}
