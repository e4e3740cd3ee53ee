/// The forwarding outbox: events waiting to be posted to the configured forward targets.
extension Store {
    /// One event waiting for one target.
    public struct OutboxEntry: Sendable, Equatable {
        /// The entry's row id.
        public var id: Int64
        /// The event's id.
        public var eventID: Int64
        /// The URL to post to.
        public var target: String
        /// The raw body, byte for byte as JivoChat sent it.
        public var body: [UInt8]
        /// Failed attempts so far.
        public var attempts: Int
        /// When the next attempt may be made, Unix ms.
        public var nextAttemptAt: Int64
    }

    /// Makes `urls` the forward targets: events from now on are queued for each of them, and
    /// entries for targets no longer configured are dropped. Returns how many were dropped.
    @discardableResult
    public func setForwardTargets(_ urls: [String]) throws -> Int {
        defer { forwardQueue.targetsChanged() }
        return try database.write { try OutboxRepository(database: database).setTargets(urls) }
    }

    /// How long a listener on PostgreSQL holds the entry it is posting, ms: other listeners
    /// forwarding from the same outbox leave it alone until then (and take it over when the
    /// listener died while posting).
    public static let outboxClaim: Int64 = 60_000

    /// The oldest waiting entry of `target` (deliveries to one target keep the events' order);
    /// on PostgreSQL, claimed for this listener when it is due (``OutboxRepository/next(target:now:claim:)``).
    public func nextOutboxEntry(target: String) throws -> OutboxEntry? {
        try OutboxRepository(database: database).next(
            target: target, now: Store.systemMilliseconds(), claim: Self.outboxClaim)
    }

    /// Entries waiting, over all targets.
    public func outboxDepth() throws -> Int { try OutboxRepository(database: database).depth() }

    /// Removes a delivered entry.
    public func outboxDelivered(_ id: Int64) throws {
        try database.write { try OutboxRepository(database: database).remove(id) }
    }

    /// Records a failed attempt; the next one waits until `retryAt` (Unix ms).
    public func outboxFailed(_ id: Int64, error: String, retryAt: Int64) throws {
        try database.write { try OutboxRepository(database: database).failed(id, error: error, retryAt: retryAt) }
    }
}
