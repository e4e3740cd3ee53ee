/// The listener's counters for `/metrics`: events by type and outcome, and how long replies took.
public struct ListenerMetrics: Sendable, Equatable {
    /// Upper bounds of the reply latency histogram's buckets, in seconds.
    public static let latencyBounds: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]
    /// Event names counted under their own label; any other name counts as `other`, so a
    /// sender cannot grow the metrics without bound.
    public static let knownEvents: Set<String> = [
        "chat_accepted", "chat_updated", "chat_assigned", "chat_finished", "offline_message",
        "client_updated", "client_attribute_updated", "call_event",
    ]

    /// Committed events by event name (`other`, `none` for unparsable bodies) and outcome
    /// (applied, duplicate, quarantined, failed), since start.
    public var events: [Pair: Int] = [:]
    /// Replies to webhooks per latency bucket (not cumulative; the last is above every bound).
    public var latencyBuckets = [Int](repeating: 0, count: ListenerMetrics.latencyBounds.count + 1)
    /// The sum of reply latencies, seconds.
    public var latencySum: Double = 0
    /// Replies to webhooks measured.
    public var latencyCount = 0

    /// An event name and an outcome.
    public struct Pair: Sendable, Hashable {
        /// The event's name as counted.
        public var event: String
        /// Its outcome.
        public var outcome: String
    }

    /// Counts one committed event.
    mutating func count(event name: String, outcome: String) {
        let event = name.isEmpty ? "none" : Self.knownEvents.contains(name) ? name : "other"
        events[Pair(event: event, outcome: outcome), default: 0] += 1
    }

    /// Records one reply that took `milliseconds`.
    mutating func record(milliseconds: Int64) {
        let seconds = Double(milliseconds) / 1000
        let bucket = Self.latencyBounds.firstIndex { seconds <= $0 } ?? Self.latencyBounds.count
        latencyBuckets[bucket] += 1
        latencySum += seconds
        latencyCount += 1
    }
}
