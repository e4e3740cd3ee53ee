import CRMCore

/// The figures the console's status line shows.
public struct ConsoleCounts: Sendable, Equatable {
    /// Leads not merged away.
    public var leads: Int
    /// Unsorted leads.
    public var unsorted: Int
    /// Open conflicts.
    public var openConflicts: Int
    /// Open tasks past their due time.
    public var overdueTasks: Int

    /// Counts with the given values.
    public init(leads: Int = 0, unsorted: Int = 0, openConflicts: Int = 0, overdueTasks: Int = 0) {
        self.leads = leads
        self.unsorted = unsorted
        self.openConflicts = openConflicts
        self.overdueTasks = overdueTasks
    }
}

extension Store {
    /// Lead, unsorted, conflict and overdue-task counts as of `now` (Unix milliseconds), in one
    /// snapshot; each is an indexed count, so it stays cheap on a large store. Live leads are
    /// counted as all leads less the merged-away ones (`leads_merged`), never row by row: a
    /// count with `merged_into IS NULL` would read every lead. (`+status` keeps SQLite on
    /// `leads_merged` for the merged unsorted ones instead of reading every unsorted lead.)
    public func consoleCounts(now: Int64) throws -> ConsoleCounts {
        try database.first(
            """
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
