/// What `/metrics` and `jivocrm doctor` read from the store.
public struct StoreHealth: Sendable, Equatable {
    /// Conflicts waiting for an operator.
    public var openConflicts: Int
    /// When the last webhook arrived, Unix ms; nil if none ever did.
    public var lastEventAt: Int64?
    /// Events kept in the store.
    public var events: Int
    /// Events waiting in the forwarding outbox, over all targets.
    public var outbox: Int = 0
}

extension Store {
    /// The open conflicts, the last webhook's arrival, the events kept and those waiting to be
    /// forwarded.
    public func health() throws -> StoreHealth {
        try database.first(
            """
            SELECT (SELECT count(*) FROM conflicts WHERE status = 'open'),
                (SELECT max(received_at) FROM events), (SELECT count(*) FROM events), (SELECT count(*) FROM outbox)
            """
        ) {
            StoreHealth(
                openConflicts: Int($0.int(0)), lastEventAt: $0.optionalInt(1), events: Int($0.int(2)),
                outbox: Int($0.int(3)))
        }
            ?? StoreHealth(openConflicts: 0, lastEventAt: nil, events: 0)
    }
}
