import Locking

/// What the listener has been doing, for the console's status line and `/metrics`.
public struct ListenerStatus: Sendable, Equatable {
    /// Whether the socket is bound and accepting.
    public var listening: Bool = false
    /// The URL to paste into JivoChat.
    public var webhookURL: String = ""
    /// Arrival times (Unix ms) of events in the last hour, oldest first.
    public var recentEvents: [Int64] = []
    /// Events committed since start.
    public var eventsCommitted: Int = 0
    /// Requests answered 503 because the store refused writes and the spool could not keep them.
    public var unavailable: Int = 0
    /// Requests answered 202: the store refused writes, the spool kept them to apply later.
    public var spooled: Int = 0
    /// The last refused write since the last commit, without personal data.
    public var lastError: String?
    /// Whether the last write succeeded.
    public var storeWritable: Bool = true
    /// Counters for `/metrics`.
    public var metrics = ListenerMetrics()

    /// Events in the hour before `now` (Unix ms).
    public func eventsInLastHour(now: Int64) -> Int {
        recentEvents.count { $0 > now - 3_600_000 }
    }
}

/// A locked, shareable ``ListenerStatus``.
public final class ListenerStatusBoard: Sendable {
    private let state = Locked(ListenerStatus())

    /// An empty board.
    public init() {}

    /// The current status.
    public var snapshot: ListenerStatus { state.withLock { $0 } }

    /// Changes the status.
    func update(_ change: (inout ListenerStatus) -> Void) {
        state.withLock { change(&$0) }
    }
}
