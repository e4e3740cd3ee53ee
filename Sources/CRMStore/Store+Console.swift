import CRMCore

/// What every console reads besides the leads: the status line's counts, the listeners' health
/// (``CountsRepository``, ``HeartbeatRepository``) and the events screen (``EventListRepository``).
extension Store {
    /// Lead, unsorted, conflict and overdue-task counts as of `now` (Unix milliseconds) and the
    /// listeners' health, in one snapshot.
    public func consoleCounts(now: Int64) throws -> ConsoleCounts {
        try database.read {
            var counts = try CountsRepository(database: database).console(now: now)
            counts.health = try listenerHealth(now: now)
            return counts
        }
    }

    /// The listeners' heartbeats and the inbox's figures as of `now` (each an indexed read).
    public func listenerHealth(now: Int64) throws -> ListenerHealth {
        try CountsRepository(database: database).listenerHealth(now: now)
    }

    /// Records that `listener` (host and process) answering at `address` since `startedAt` is
    /// alive at `now`.
    public func beat(listener: String, address: String, startedAt: Int64, now: Int64) throws {
        try HeartbeatRepository(database: database).beat(
            listener: listener, address: address, startedAt: startedAt, now: now)
    }

    /// Forgets `listener`'s heartbeat (it stopped cleanly).
    public func removeHeartbeat(listener: String) throws {
        try HeartbeatRepository(database: database).remove(listener: listener)
    }

    /// The inbox for the console's events screen: quarantined and failed deliveries first, then
    /// the rest, newest first; at most `limit`.
    public func inbox(limit: Int) throws -> [EventRecord] {
        try EventListRepository(database: database).inbox(limit: limit)
    }

    /// The inbox record of event `id` (without its body), or nil if there is none.
    public func event(_ id: Int64) throws -> EventRecord? { try EventListRepository(database: database).event(id) }
}
