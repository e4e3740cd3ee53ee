import CRMCore

extension Store {
    /// Lead, unsorted, conflict and overdue-task counts as of `now` (Unix milliseconds), in one
    /// snapshot; each is an indexed count, so it stays cheap on a large store. Live leads are
    /// counted as all leads less the merged-away ones (`leads_merged`), never row by row: a
    /// count with `merged_into IS NULL` would read every lead. (`+status` keeps SQLite on
    /// `leads_merged` for the merged unsorted ones instead of reading every unsorted lead.)
    public func consoleCounts(now: Int64) throws -> ConsoleCounts {
        try database.read {
            var counts = try leadCounts(now: now)
            counts.health = try listenerHealth(now: now)
            return counts
        }
    }

    private func leadCounts(now: Int64) throws -> ConsoleCounts {
        // `+status` keeps SQLite on the merged-leads index; PostgreSQL has no unary + on text.
        try database.first(
            database.isPostgres
                ? """
                SELECT (SELECT count(*) FROM leads)
                           - (SELECT count(*) FROM leads WHERE merged_into IS NOT NULL),
                       (SELECT count(*) FROM leads WHERE status = 'unsorted')
                           - (SELECT count(*) FROM leads WHERE merged_into IS NOT NULL AND status = 'unsorted'),
                       (SELECT count(*) FROM conflicts WHERE status = 'open'),
                       (SELECT count(*) FROM tasks WHERE status = 'open' AND due_at < ?)
                """
                : """
                SELECT (SELECT count(*) FROM leads)
                           - (SELECT count(*) FROM leads WHERE merged_into IS NOT NULL),
                       (SELECT count(*) FROM leads WHERE status = 'unsorted')
                           - (SELECT count(*) FROM leads WHERE merged_into IS NOT NULL AND +status = 'unsorted'),
                       (SELECT count(*) FROM conflicts WHERE status = 'open'),
                       (SELECT count(*) FROM tasks WHERE status = 'open' AND due_at < ?)
                """, [.integer(now)]
        ) { row in
            ConsoleCounts(
                leads: Int(row.int(0)), unsorted: Int(row.int(1)), openConflicts: Int(row.int(2)),
                overdueTasks: Int(row.int(3)))
        } ?? ConsoleCounts()
    }

    /// The listeners' heartbeats and the inbox's figures as of `now` (each an indexed read).
    public func listenerHealth(now: Int64) throws -> ListenerHealth {
        let beats = try database.rows(
            "SELECT address, beat_at FROM listener_heartbeats ORDER BY beat_at DESC"
        ) { (address: $0.text(0), beatAt: $0.int(1)) }
        let figures = try database.first(
            """
            SELECT (SELECT max(received_at) FROM events),
                   (SELECT count(*) FROM (SELECT 1 FROM events WHERE received_at > ? AND status <> 'duplicate' LIMIT ?) AS recent),
                   (SELECT count(*) FROM events WHERE status = 'quarantined'),
                   (SELECT count(*) FROM events WHERE status = 'failed')
            """, [.integer(now - 3_600_000), .integer(Int64(ListenerHealth.countLimit))]
        ) { ($0.optionalInt(0), Int($0.int(1)), Int($0.int(2)), Int($0.int(3))) }
        return ListenerHealth(
            alive: beats.filter { $0.beatAt > now - ListenerHealth.aliveWithin }, lastBeatAt: beats.first?.beatAt,
            lastEventAt: figures?.0, eventsInLastHour: figures?.1 ?? 0, quarantined: figures?.2 ?? 0,
            failed: figures?.3 ?? 0)
    }

    /// Records that `listener` (host and process) answering at `address` since `startedAt` is
    /// alive at `now`.
    public func beat(listener: String, address: String, startedAt: Int64, now: Int64) throws {
        try database.run(
            """
            INSERT INTO listener_heartbeats(listener, address, started_at, beat_at) VALUES (?, ?, ?, ?)
            ON CONFLICT(listener) DO UPDATE SET address = excluded.address, beat_at = excluded.beat_at
            """, [.text(listener), .text(address), .integer(startedAt), .integer(now)])
    }

    /// Forgets `listener`'s heartbeat (it stopped cleanly).
    public func removeHeartbeat(listener: String) throws {
        try database.run("DELETE FROM listener_heartbeats WHERE listener = ?", [.text(listener)])
    }

    /// The inbox for the console's events screen: quarantined and failed deliveries first, then
    /// the rest, newest first; at most `limit`.
    public func inbox(limit: Int) throws -> [EventRecord] {
        let troubled = try events(status: "quarantined", limit: limit) + events(status: "failed", limit: limit)
        let rest = try events(limit: limit).filter { $0.status != "quarantined" && $0.status != "failed" }
        return Array((troubled.sorted { $0.id > $1.id } + rest).prefix(limit))
    }

    /// The inbox record of event `id` (without its body), or nil if there is none.
    public func event(_ id: Int64) throws -> EventRecord? {
        try database.first(
            "SELECT id, received_at, event_name, chat_id, status, error, lead_id, length(body), note FROM events WHERE id = ?",
            [.integer(id)]
        ) { row in
            EventRecord(
                id: row.int(0), receivedAt: row.int(1), eventName: row.text(2), chatID: row.optionalText(3),
                status: row.text(4), error: row.optionalText(5), leadID: row.optionalInt(6), size: Int(row.int(7)),
                note: row.optionalText(8))
        }
    }
}
