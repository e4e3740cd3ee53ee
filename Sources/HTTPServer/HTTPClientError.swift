/// Why an `HTTPClient` request failed.
public enum HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The host name could not be resolved.
    case unresolvableHost(String)
    /// No address of the host accepted a connection.
    case connectFailed(host: String, port: Int, errno: Int32)
    /// The server did not answer within the client's timeout.
    case timedOut
    /// The server closed the connection before a complete response arrived.
    case connectionClosed
    /// A send or receive failed.
    case ioFailed(call: String, errno: Int32)
    /// The response is not valid HTTP/1.x.
    case malformedResponse(String)

    /// What went wrong, and what to do about it.
    public var description: String {
        switch self {
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
