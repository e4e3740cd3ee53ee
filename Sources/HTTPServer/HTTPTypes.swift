/// An HTTP request as the server parsed it.
public struct HTTPRequest: Sendable {
    /// The method, e.g. `POST`.
    public var method: String
    /// The request target exactly as sent (origin-form path and query, or absolute-form).
    public var target: String
    /// The path component of the target, percent-decoding NOT applied.
    public var path: String
    /// `(1, 0)` or `(1, 1)`.
    public var version: (major: Int, minor: Int)
    /// Header fields in order; names as sent.
    public var headers: [(name: String, value: String)]
    /// The body, de-chunked.
    public var body: [UInt8]
    /// The peer's address, for logs.
    public var remoteAddress: String

    /// A request with the given parts.
    public init(
        method: String, target: String, path: String, version: (major: Int, minor: Int) = (1, 1),
        headers: [(name: String, value: String)] = [], body: [UInt8] = [], remoteAddress: String = ""
    ) {
        self.method = method
        self.target = target
        self.path = path
        self.version = version
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
    }

    /// The first value of a header, by case-insensitive name.
    public func header(_ name: String) -> String? {
        let wanted = name.utf8
        guard wanted.allSatisfy({ $0 < 0x80 }) else {
            let lowercased = name.lowercased()
            return headers.first { $0.name.lowercased() == lowercased }?.value
        }
        return headers.first { field in
            let utf8 = field.name.utf8
            // Two ASCII names are equal lowercased when their bytes match ignoring ASCII case:
            // no String is made per header. A name with other characters is compared as text.
            guard utf8.allSatisfy({ $0 < 0x80 }) else { return field.name.lowercased() == name.lowercased() }
            return utf8.count == wanted.count
                && zip(utf8, wanted).allSatisfy { Self.asciiLowercased($0) == Self.asciiLowercased($1) }
        }?.value
    }

    private static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}

/// An HTTP response to send.
public struct HTTPResponse: Sendable {
    /// Status code.
    public var status: Int
    /// Extra header fields (the server adds Content-Length, Date-free framing and Connection).
    public var headers: [(name: String, value: String)]
    /// The body.
    public var body: [UInt8]

    /// A response with the given parts.
    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Sends the one response to one request; may be called from any thread, exactly once.
public protocol HTTPResponder: Sendable {
    /// Sends the response. Calls after the first are ignored.
    func send(_ response: HTTPResponse)

    /// Sends the response `build` makes, calling it on the server's event-loop thread, so that a
    /// busy thread (a store's one writer) hands over the facts and leaves the serialising to
    /// the loop. Calls after the first send are ignored.
    func send(building build: @escaping @Sendable () -> HTTPResponse)
}

extension HTTPResponder {
    /// Builds the response at once, on the caller's thread, and sends it.
    public func send(building build: @escaping @Sendable () -> HTTPResponse) {
        send(build())
    }
}

/// Called on the server's event-loop thread for every complete request; it must not block,
/// and must eventually call `responder.send` (from any thread).
public typealias HTTPHandler = @Sendable (HTTPRequest, any HTTPResponder) -> Void
