/// Why an `HTTPClient` request failed.
public struct HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Reason: Sendable, Equatable {
        case unresolvableHost(String)
        case connectFailed(host: String, port: Int, errno: Int32)
        case timedOut
        case connectionClosed
        case ioFailed(call: String, errno: Int32)
        case malformedResponse(String)
    }

    private let reason: Reason

    private init(_ reason: Reason) { self.reason = reason }

    /// The host name could not be resolved.
    public static func unresolvableHost(_ host: String) -> HTTPClientError { HTTPClientError(.unresolvableHost(host)) }
    /// No address of the host accepted a connection.
    public static func connectFailed(host: String, port: Int, errno: Int32) -> HTTPClientError {
        HTTPClientError(.connectFailed(host: host, port: port, errno: errno))
    }
    /// The server did not answer within the client's timeout.
    public static var timedOut: HTTPClientError { HTTPClientError(.timedOut) }
    /// The server closed the connection before a complete response arrived.
    public static var connectionClosed: HTTPClientError { HTTPClientError(.connectionClosed) }
    /// A send or receive failed.
    public static func ioFailed(call: String, errno: Int32) -> HTTPClientError {
        HTTPClientError(.ioFailed(call: call, errno: errno))
    }
    /// The response is not valid HTTP/1.x.
    public static func malformedResponse(_ reason: String) -> HTTPClientError {
        HTTPClientError(.malformedResponse(reason))
    }

    /// Whether no address of the host accepted a connection (nothing listens there, or a firewall
    /// refused), as opposed to a failure after the request went out.
    public var isConnectFailure: Bool {
        guard case .connectFailed = reason else { return false }
        return true
    }

    /// What went wrong, and what to do about it.
    public var description: String {
        switch reason {
        case .unresolvableHost(let host): "cannot resolve host '\(host)'; check the name or use an IP literal"
        case .connectFailed(let host, let port, let code):
            "cannot connect to \(host):\(port): \(systemErrorMessage(code)); check the server is running on that port"
        case .timedOut: "no response within the timeout; check the server is healthy or raise the timeout"
        case .connectionClosed:
            "the server closed the connection before a complete response; retry, and check the server's logs"
        case .ioFailed(let call, let code): "\(call) failed: \(systemErrorMessage(code)); retry with a new client"
        case .malformedResponse(let reason): "malformed response (\(reason)); the server is not speaking HTTP/1.1"
        }
    }
}

/// A response received by `HTTPClient`.
public struct HTTPClientResponse: Sendable {
    /// Status code.
    public var status: Int
    /// Header fields in order, names as sent.
    public var headers: [(name: String, value: String)]
    /// The body, de-chunked.
    public var body: [UInt8]

    /// The first value of a header, by case-insensitive name.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
