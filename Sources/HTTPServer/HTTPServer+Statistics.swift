import Synchronization

extension HTTPServer {
    /// A snapshot of the server's counters, for health checks and metrics.
    public struct Statistics: Sendable, Equatable {
        /// Connections open right now.
        public var openConnections: Int
        /// Connections accepted since start, including rejected ones.
        public var acceptedConnections: Int
        /// Connections answered 503 because `maxConnections` was reached.
        public var rejectedConnections: Int
        /// Responses queued for requests the handler answered.
        public var requestsServed: Int
        /// Requests answered with a 4xx/5xx error because they were malformed or over a limit.
        public var protocolErrors: Int
        /// Connections closed or answered 408 because a head, body, idle or write timeout expired.
        public var timeouts: Int
    }
}

/// The live counters behind `HTTPServer.Statistics`; written by the loop thread, read by anyone.
final class ServerCounters: Sendable {
    let openConnections = Atomic<Int>(0)
    let acceptedConnections = Atomic<Int>(0)
    let rejectedConnections = Atomic<Int>(0)
    let requestsServed = Atomic<Int>(0)
    let protocolErrors = Atomic<Int>(0)
    let timeouts = Atomic<Int>(0)

    enum Counter {
        case openConnections, acceptedConnections, rejectedConnections, requestsServed, protocolErrors, timeouts
    }

    func add(_ counter: Counter, _ delta: Int = 1) {
        switch counter {
        case .openConnections: openConnections.add(delta, ordering: .relaxed)
        case .acceptedConnections: acceptedConnections.add(delta, ordering: .relaxed)
        case .rejectedConnections: rejectedConnections.add(delta, ordering: .relaxed)
        case .requestsServed: requestsServed.add(delta, ordering: .relaxed)
        case .protocolErrors: protocolErrors.add(delta, ordering: .relaxed)
        case .timeouts: timeouts.add(delta, ordering: .relaxed)
        }
    }

    var snapshot: HTTPServer.Statistics {
        HTTPServer.Statistics(
            openConnections: openConnections.load(ordering: .relaxed),
            acceptedConnections: acceptedConnections.load(ordering: .relaxed),
            rejectedConnections: rejectedConnections.load(ordering: .relaxed),
            requestsServed: requestsServed.load(ordering: .relaxed),
            protocolErrors: protocolErrors.load(ordering: .relaxed),
            timeouts: timeouts.load(ordering: .relaxed))
    }
}
