import CRMCore

/// The SQL of the task lists: one lead's tasks, and every task for the console's tasks screen.
struct TaskListRepository {
    /// The connection.
    let database: Database

    private static let columns = """
        SELECT t.id, t.lead_id, l.title, t.kind, t.text, m.login, t.due_at, t.status, t.created_at, t.done_at, l.name
        FROM tasks t JOIN leads l ON l.id = t.lead_id LEFT JOIN managers m ON m.id = t.assignee_id
        """

    private static func row(_ row: Statement) -> TaskRecord {
        TaskRecord(
            id: row.int(0), leadID: row.int(1), leadTitle: row.text(2), kind: row.text(3),
            text: row.text(4), assignee: row.optionalText(5), dueAt: row.int(6),
            status: row.text(7), createdAt: row.int(8), doneAt: row.optionalInt(9), leadName: row.text(10))
    }

    /// Tasks of one lead, newest first.
    func tasks(lead: Int64) throws -> [TaskRecord] {
        try database.rows(
            Self.columns + " WHERE t.lead_id = ? ORDER BY t.created_at DESC, t.id DESC", [.integer(lead)], Self.row)
    }

    /// Tasks: open ones by due time (overdue first), then done ones, newest first.
    func tasks(openOnly: Bool, limit: Int) throws -> [TaskRecord] {
        try database.rows(
            Self.columns + (openOnly ? " WHERE t.status = 'open'" : "")
                + " ORDER BY t.status = 'done', CASE WHEN t.status = 'open' THEN t.due_at END, t.id DESC LIMIT ?",
            [.integer(Int64(limit))], Self.row)
    }
}
