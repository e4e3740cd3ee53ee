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
        try database.write {
            try database.run("DELETE FROM forward_targets")
            for url in urls { try database.run("INSERT OR IGNORE INTO forward_targets(url) VALUES (?)", [.text(url)]) }
            try database.run("DELETE FROM outbox WHERE target NOT IN (SELECT url FROM forward_targets)")
            return database.changes
        }
    }

    /// How long a listener on PostgreSQL holds the entry it is posting, ms: other listeners
    /// forwarding from the same outbox leave it alone until then (and take it over when the
    /// listener died while posting).
    public static let outboxClaim: Int64 = 60_000

    /// The oldest waiting entry of `target` (deliveries to one target keep the events' order).
    ///
    /// On PostgreSQL, where listeners on several hosts forward from one outbox, the entry is
    /// claimed when it is due, in one statement: its next attempt moves ``outboxClaim`` on, so
    /// that another listener sees it as not due and waits, keeping the order; the claimed entry
    /// comes back due now, any other as not due before a claim made now would end (the caller
    /// looks again sooner). The statement changes the oldest entry only while it is still due, so
    /// of two listeners claiming at once the second changes nothing (it rereads the row the first
    /// changed). SQLite has one writer and no claim.
    public func nextOutboxEntry(target: String) throws -> OutboxEntry? {
        let now = Store.systemMilliseconds()
        let claimed =
            database.isPostgres
            ? try database.write {
                try database.first(
                    """
                    UPDATE outbox SET next_attempt_at = ?
                    WHERE id = (SELECT min(id) FROM outbox WHERE target = ?) AND next_attempt_at <= ? RETURNING id
                    """, [.integer(now + Self.outboxClaim), .text(target), .integer(now)]
                ) { $0.int(0) }
            } : nil
        return try database.first(
            """
            SELECT o.id, o.event_id, o.target, e.body, o.attempts, o.next_attempt_at
            FROM outbox o JOIN events e ON e.id = o.event_id WHERE o.target = ? ORDER BY o.id LIMIT 1
            """, [.text(target)]
        ) {
            let id = $0.int(0)
            let dueAt = $0.int(5)
            return OutboxEntry(
                id: id, eventID: $0.int(1), target: $0.text(2), body: $0.blob(3), attempts: Int($0.int(4)),
                nextAttemptAt: !database.isPostgres ? dueAt : id == claimed ? now : max(dueAt, now + Self.outboxClaim))
        }
    }

    /// Entries waiting, over all targets.
    public func outboxDepth() throws -> Int {
        Int(try database.scalar("SELECT count(*) FROM outbox") ?? 0)
    }

    /// Removes a delivered entry.
    public func outboxDelivered(_ id: Int64) throws {
        try database.write { try database.run("DELETE FROM outbox WHERE id = ?", [.integer(id)]) }
    }

    /// Records a failed attempt; the next one waits until `retryAt` (Unix ms).
    public func outboxFailed(_ id: Int64, error: String, retryAt: Int64) throws {
        try database.write {
            try database.run(
                "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?",
                [.integer(retryAt), .text(error), .integer(id)])
        }
    }
}
