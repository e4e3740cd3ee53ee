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
    public func health() throws -> StoreHealth { try CountsRepository(database: database).health() }
}
