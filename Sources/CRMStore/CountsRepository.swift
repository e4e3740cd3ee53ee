import CRMCore

/// The SQL of the store's counts: the console's status line, the listeners' health and what
/// `/metrics` and `jivocrm doctor` read. Each is an indexed count, so it stays cheap on a
/// large store.
struct CountsRepository {
    /// The connection.
    let database: Database

    /// Lead, unsorted, conflict and overdue-task counts as of `now`. Live leads are counted
    /// as all leads less the merged-away ones (`leads_merged`), never row by row: a count with
    /// `merged_into IS NULL` would read every lead.
    func console(now: Int64) throws -> ConsoleCounts {
        // `+status` keeps SQLite on the merged-leads index instead of reading every unsorted
        // lead; PostgreSQL has no unary + on text.
        try database.first(
            """
            SELECT (SELECT count(*) FROM leads)
                       - (SELECT count(*) FROM leads WHERE merged_into IS NOT NULL),
                   (SELECT count(*) FROM leads WHERE status = 'unsorted')
                       - (SELECT count(*) FROM leads WHERE merged_into IS NOT NULL AND \(database.isPostgres ? "" : "+")status = 'unsorted'),
                   (SELECT count(*) FROM conflicts WHERE status = 'open'),
                   (SELECT count(*) FROM tasks WHERE status = 'open' AND due_at < ?)
            """, [.integer(now)]
        ) { row in
            ConsoleCounts(
                leads: Int(row.int(0)), unsorted: Int(row.int(1)), openConflicts: Int(row.int(2)),
                overdueTasks: Int(row.int(3)))
        } ?? ConsoleCounts()
    }

    /// Whether the store holds anything of a CRM yet: settings, managers, leads or events (a
    /// store just created holds none). Reads at most one row of each.
    func holdsData() throws -> Bool {
        try database.scalar(
            "SELECT CASE WHEN EXISTS (SELECT 1 FROM settings) OR EXISTS (SELECT 1 FROM managers) "
                + "OR EXISTS (SELECT 1 FROM leads) OR EXISTS (SELECT 1 FROM events) THEN 1 ELSE 0 END") == 1
    }

    /// The inbox's figures: the last event's arrival, the events received since a time (the
    /// first parameter; at most the second, duplicates aside), the quarantined and the failed
    /// (these two by the index of the events not applied, ``EventInbox/unapplied``).
    static let inboxFigures = """
        SELECT (SELECT max(received_at) FROM events),
               (SELECT count(*) FROM (SELECT 1 FROM events WHERE received_at > ? AND status <> 'duplicate' LIMIT ?) AS recent),
               (SELECT count(*) FROM events WHERE status = 'quarantined' AND \(EventInbox.unapplied)),
               (SELECT count(*) FROM events WHERE status = 'failed' AND \(EventInbox.unapplied))
        """

    /// The listeners' heartbeats and the inbox's figures as of `now`.
    func listenerHealth(now: Int64) throws -> ListenerHealth {
        let figures = try database.first(
            Self.inboxFigures,
            [.integer(now - ListenerHealth.recentWithin), .integer(Int64(ListenerHealth.countLimit))]
        ) { ($0.optionalInt(0), Int($0.int(1)), Int($0.int(2)), Int($0.int(3))) }
        return ListenerHealth(
            beats: try HeartbeatRepository(database: database).all(), now: now, lastEventAt: figures?.0,
            eventsInLastHour: figures?.1 ?? 0, quarantined: figures?.2 ?? 0, failed: figures?.3 ?? 0)
    }

    /// The open conflicts, the last webhook's arrival, the events kept and those waiting to be
    /// forwarded.
    func health() throws -> StoreHealth {
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
