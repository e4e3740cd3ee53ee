import CRMCore

extension Store {
    /// Creates a task by hand on lead `lead`: `title`, due at `dueAt`, for the active manager
    /// `manager` (nil: the lead's manager). Audited and undoable; returns the task's id.
    @discardableResult
    public func addTask(lead: Int64, title: String, dueAt: Int64, manager: String?, actor: String) throws -> Int64 {
        let title = title.trimmingWhitespace
        guard !title.isEmpty else { throw CRMError.invalidArgument("a task needs a title: what is to be done") }
        return try operation(lead: lead, actor: actor) {
            let record = try requireLead(lead)
            var assignee = record.manager?.id
            if let login = manager?.trimmingWhitespace, !login.isEmpty {
                guard let found = try self.manager(login: login), found.isActive else {
                    let active = try managers().filter(\.isActive).map(\.login)
                    throw CRMError.notFound(
                        "no active manager with login '\(login)'"
                            + (active.isEmpty ? "" : "; active: " + active.joined(separator: ", ")))
                }
                assignee = found.id
            }
            try database.run(
                "INSERT INTO tasks(lead_id, kind, text, assignee_id, due_at, created_at) VALUES (?, 'manual', ?, ?, ?, ?)",
                [.integer(lead), .text(title), SQLValue(assignee), .integer(dueAt), .integer(clock())])
            let id = database.lastInsertID
            try audit(
                actor: actor, lead: lead, action: "task", field: "task", after: title,
                detail: "task #\(id) added, due \(Timestamp.iso8601(milliseconds: dueAt))")
            return id
        }
    }

    /// Opens done task `id` again. Audited and undoable.
    public func reopenTask(_ id: Int64, actor: String) throws {
        try operation(lead: try taskLead(id), actor: actor) {
            guard
                let task = try database.first(
                    "SELECT lead_id, status FROM tasks WHERE id = ?", [.integer(id)], { ($0.int(0), $0.text(1)) })
            else {
                throw CRMError.notFound("there is no task #\(id); `jivocrm tasks` lists them")
            }
            guard task.1 == "done" else { throw CRMError.conflict("task #\(id) is open already") }
            try database.run(
                "UPDATE tasks SET status = 'open', done_at = NULL, done_by = NULL WHERE id = ?", [.integer(id)])
            try audit(actor: actor, lead: task.0, action: "task", detail: "task #\(id) reopened")
        }
    }

    /// Once a lead created without a name learns one, its automatic title follows:
    /// `JivoChat #18 - Visitor 7` becomes `JivoChat #18 - Tom Clifton`. A title that is not the
    /// automatic one (an operator's, an import's) stays. Audited as `actor`.
    func titleFollowsName(_ lead: Lead, name: String, actor: String) throws {
        guard let title = lead.title(followingName: name) else { return }
        try LeadRepository(database: database).setTitle(title, lead: lead.id)
        try audit(
            actor: actor, lead: lead.id, action: "title", field: "title", before: lead.title, after: title,
            detail: "follows the name")
    }
}
