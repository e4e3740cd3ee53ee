/// The SQL of the forwarding outbox: the forward targets, and the events waiting for each.
struct OutboxRepository {
    /// The connection.
    let database: Database

    /// Makes `urls` the forward targets, dropping the entries of targets no longer configured;
    /// returns how many were dropped. Runs in the caller's transaction.
    func setTargets(_ urls: [String]) throws -> Int {
        try database.run("DELETE FROM forward_targets")
        for url in urls { try database.run("INSERT OR IGNORE INTO forward_targets(url) VALUES (?)", [.text(url)]) }
        try database.run("DELETE FROM outbox WHERE target NOT IN (SELECT url FROM forward_targets)")
        return database.changes
    }

    /// The oldest waiting entry of `target`.
    ///
    /// On PostgreSQL, where listeners on several hosts forward from one outbox, the entry is
    /// claimed when it is due, in one statement: its next attempt moves `claim` ms on, so that
    /// another listener sees it as not due and waits, keeping the order; the claimed entry comes
    /// back due `now`, any other as not due before a claim made now would end (the caller looks
    /// again sooner). The statement changes the oldest entry only while it is still due, so of
    /// two listeners claiming at once the second changes nothing (it rereads the row the first
    /// changed). SQLite has one writer and no claim.
    func next(target: String, now: Int64, claim: Int64) throws -> Store.OutboxEntry? {
        let claimed =
            database.isPostgres
            ? try database.write {
                try database.first(
                    """
                    UPDATE outbox SET next_attempt_at = ?
                    WHERE id = (SELECT min(id) FROM outbox WHERE target = ?) AND next_attempt_at <= ? RETURNING id
                    """, [.integer(now + claim), .text(target), .integer(now)]
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
            return Store.OutboxEntry(
                id: id, eventID: $0.int(1), target: $0.text(2), body: $0.blob(3), attempts: Int($0.int(4)),
                nextAttemptAt: !database.isPostgres ? dueAt : id == claimed ? now : max(dueAt, now + claim))
        }
    }

    /// Entries waiting, over all targets.
    func depth() throws -> Int {
        Int(try database.scalar("SELECT count(*) FROM outbox") ?? 0)
    }

    /// Removes entry `id`.
    func remove(_ id: Int64) throws {
        try database.run("DELETE FROM outbox WHERE id = ?", [.integer(id)])
    }

    /// Records a failed attempt at entry `id`; the next waits until `retryAt`.
    func failed(_ id: Int64, error: String, retryAt: Int64) throws {
        try database.run(
            "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?",
            [.integer(retryAt), .text(error), .integer(id)])
    }
}
