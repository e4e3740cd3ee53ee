import CRMCore

/// The SQL of tasks as operators change them and webhooks open them.
struct TaskRepository {
    let database: Database

    /// Task `id` as (lead, status), or nil when there is none.
    func task(_ id: Int64) throws -> (lead: Int64, status: String)? {
        try database.first("SELECT lead_id, status FROM tasks WHERE id = ?", [.integer(id)]) { ($0.int(0), $0.text(1)) }
    }

    /// The lead of task `id` (0 when there is no such task).
    func lead(ofTask id: Int64) throws -> Int64 {
        try database.scalar("SELECT lead_id FROM tasks WHERE id = ?", [.integer(id)]) ?? 0
    }

    /// The open tasks of lead `lead`, by id.
    func openTasks(lead: Int64) throws -> [Int64] {
        try database.rows("SELECT id FROM tasks WHERE lead_id = ? AND status = 'open' ORDER BY id", [.integer(lead)]) {
            $0.int(0)
        }
    }

    /// Adds a task by hand; returns its id.
    func addManual(lead: Int64, text: String, assignee: Int64?, dueAt: Int64, at: Int64) throws -> Int64 {
        try database.run(
            "INSERT INTO tasks(lead_id, kind, text, assignee_id, due_at, created_at) VALUES (?, 'manual', ?, ?, ?, ?)",
            [.integer(lead), .text(text), SQLValue(assignee), .integer(dueAt), .integer(at)])
        return database.lastInsertID
    }

    /// Marks task `id` done by `actor` at `at`.
    func complete(_ id: Int64, at: Int64, by actor: String) throws {
        try database.run(
            "UPDATE tasks SET status = 'done', done_at = ?, done_by = ? WHERE id = ?",
            [.integer(at), .text(actor), .integer(id)])
    }

    /// Opens task `id` again.
    func reopen(_ id: Int64) throws {
        try database.run(
            "UPDATE tasks SET status = 'open', done_at = NULL, done_by = NULL WHERE id = ?", [.integer(id)])
    }

    /// Gives lead `lead`'s open tasks to manager `manager`.
    func reassignOpen(lead: Int64, to manager: Int64) throws {
        try database.run(
            "UPDATE tasks SET assignee_id = ? WHERE lead_id = ? AND status = 'open'",
            [.integer(manager), .integer(lead)])
    }

    /// Task `id` as made by hand: its text, when it is due and its assignee's login.
    func manual(_ id: Int64) throws -> (text: String, dueAt: Int64, assignee: String?)? {
        try database.first(
            "SELECT t.text, t.due_at, m.login FROM tasks t LEFT JOIN managers m ON m.id = t.assignee_id WHERE t.id = ?",
            [.integer(id)]
        ) { ($0.text(0), $0.int(1), $0.optionalText(2)) }
    }

    /// What identifies task `id` in another store: its source key (a task from an event) and text.
    func identity(_ id: Int64) throws -> (sourceKey: String?, text: String)? {
        try database.first("SELECT source_key, text FROM tasks WHERE id = ?", [.integer(id)]) {
            ($0.optionalText(0), $0.text(1))
        }
    }

    /// The task whose source key is `key`.
    func task(sourceKey key: String) throws -> Int64? {
        try database.scalar("SELECT id FROM tasks WHERE source_key = ?", [.text(key)])
    }

    /// The last task made by hand on lead `lead` with text `text`.
    func lastManual(lead: Int64, text: String) throws -> Int64? {
        try database.scalar(
            "SELECT max(id) FROM tasks WHERE lead_id = ? AND kind = 'manual' AND text = ?",
            [.integer(lead), .text(text)])
    }

    /// Opens `task` on lead `lead` unless its source key opened one already, for the lead's
    /// manager while active, else the default manager (active), else no one; returns the new
    /// task's id, or nil when there was one.
    func openWebhookTask(_ task: WebhookTask, lead: Int64, at now: Int64) throws -> Int64? {
        try database.run(
            """
            INSERT OR IGNORE INTO tasks(lead_id, kind, text, assignee_id, due_at, source_key, created_at)
            VALUES (?, ?, ?, coalesce(
                (SELECT m.id FROM leads l JOIN managers m ON m.id = l.manager_id WHERE l.id = ? AND m.active = 1),
                (SELECT id FROM managers WHERE is_default = 1 AND active = 1 ORDER BY id LIMIT 1)), ?, ?, ?)
            """,
            [
                .integer(lead), .text(task.kind), .text(task.text), .integer(lead), .integer(task.due),
                .text(task.key), .integer(now),
            ])
        return database.changes > 0 ? database.lastInsertID : nil
    }
}
