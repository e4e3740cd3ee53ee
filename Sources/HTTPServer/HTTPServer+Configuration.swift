extension HTTPServer {
    /// Where the server listens, and the limits and timeouts it enforces.
    public struct Configuration: Sendable {
        /// IPv4 or IPv6 literal to bind, e.g. `127.0.0.1` or `::1`.
        public var host: String
        /// TCP port; 0 picks a free port, which `start()` returns.
        public var port: Int
        /// Open connections beyond this are answered `503` and closed.
        public var maxConnections: Int
        /// Maximum bytes of request line plus headers (431 beyond it).
        public var maxHeadBytes: Int
        /// Maximum number of header fields (431 beyond it).
        public var maxHeaderCount: Int
        /// Maximum body bytes, declared or de-chunked (413 beyond it).
        public var maxBodyBytes: Int
        /// Seconds within which a whole request head must arrive once its first byte has (408 after).
        public var headTimeout: Double
        /// Seconds within which a whole body must arrive once its head has (408 after).
        public var bodyTimeout: Double
        /// Seconds a connection may sit with no request in progress before it is closed quietly.
        public var idleTimeout: Double
        /// Seconds a pending write may make no progress before the connection is closed.
        public var writeTimeout: Double
        /// Receives one line per protocol error or timeout: status and reason only, never the
        /// request target or body. Called on the event-loop thread; must not block.
        public var log: (@Sendable (String) -> Void)?

        /// A configuration with defaults fit for a webhook listener on the loopback interface.
        public init(
            host: String = "127.0.0.1", port: Int = 0, maxConnections: Int = 4096,
            maxHeadBytes: Int = 16 * 1024, maxHeaderCount: Int = 100, maxBodyBytes: Int = 4 * 1024 * 1024,
            headTimeout: Double = 10, bodyTimeout: Double = 30, idleTimeout: Double = 60,
            writeTimeout: Double = 30, log: (@Sendable (String) -> Void)? = nil
        ) {
            self.host = host
            self.port = port
            self.maxConnections = maxConnections
            self.maxHeadBytes = maxHeadBytes
            self.maxHeaderCount = maxHeaderCount
            self.maxBodyBytes = maxBodyBytes
            self.headTimeout = headTimeout
            self.bodyTimeout = bodyTimeout
            self.idleTimeout = idleTimeout
            self.writeTimeout = writeTimeout
            self.log = log
        }

        var parserLimits: HTTPRequestParser.Limits {
            HTTPRequestParser.Limits(
                maxHeadBytes: maxHeadBytes, maxHeaderCount: maxHeaderCount, maxBodyBytes: maxBodyBytes)
        }
    }
}
