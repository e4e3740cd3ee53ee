import Glibc

/// Why the server could not start.
public struct HTTPServerError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Reason: Sendable, Equatable {
        case invalidHost(String)
        case invalidPort(Int)
        case systemCallFailed(call: String, errno: Int32)
        case alreadyStarted
    }

    private let reason: Reason

    private init(_ reason: Reason) { self.reason = reason }

    /// The configured host is not an IPv4 or IPv6 literal.
    public static func invalidHost(_ host: String) -> HTTPServerError { HTTPServerError(.invalidHost(host)) }
    /// The configured port is outside 0...65535.
    public static func invalidPort(_ port: Int) -> HTTPServerError { HTTPServerError(.invalidPort(port)) }
    /// A system call failed while setting up the listener or event loop.
    public static func systemCallFailed(call: String, errno: Int32) -> HTTPServerError {
        HTTPServerError(.systemCallFailed(call: call, errno: errno))
    }
    /// `start()` was called twice, or after `stop(grace:)`.
    public static var alreadyStarted: HTTPServerError { HTTPServerError(.alreadyStarted) }

    /// Whether binding the listening socket failed because another socket holds the address, so a
    /// front end can say which other process to look for.
    public var isAddressInUse: Bool {
        guard case .systemCallFailed(let call, let code) = reason else { return false }
        return call.hasPrefix("bind") && code == EADDRINUSE
    }

    /// What went wrong, and what to do about it.
    public var description: String {
        switch reason {
        case .invalidHost(let host):
            "host '\(host)' is not an IPv4 or IPv6 literal; configure e.g. 127.0.0.1 or ::1"
        case .invalidPort(let port): "port \(port) is out of range; configure 0...65535 (0 picks a free port)"
        case .systemCallFailed(let call, let code):
            "\(call) failed: \(systemErrorMessage(code)); check the address is free and the process may open sockets"
        case .alreadyStarted: "the server was already started; create a new HTTPServer to start again"
        }
    }
}
