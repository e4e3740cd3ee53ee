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
                assignee = try activeManager(login).id
            }
            let id = try taskRows.addManual(lead: lead, text: title, assignee: assignee, dueAt: dueAt, at: clock())
            try audit(
                actor: actor, lead: lead, action: "task", field: "task", after: title,
                detail: "task #\(id) added, due \(Timestamp.iso8601(milliseconds: dueAt))")
            return id
        }
    }

    /// Marks a task done.
    public func completeTask(_ id: Int64, actor: String) throws {
        try operation(lead: try taskRows.lead(ofTask: id), actor: actor) {
            guard let task = try taskRows.task(id) else { throw CRMError.notFound(.task, "there is no task #\(id)") }
            guard task.status == "open" else { throw CRMError.conflict("task #\(id) is already done") }
            try taskRows.complete(id, at: clock(), by: actor)
            try audit(actor: actor, lead: task.lead, action: "task", detail: "task #\(id) done")
        }
    }

    /// Opens done task `id` again. Audited and undoable.
    public func reopenTask(_ id: Int64, actor: String) throws {
        try operation(lead: try taskRows.lead(ofTask: id), actor: actor) {
            guard let task = try taskRows.task(id) else { throw CRMError.notFound(.task, "there is no task #\(id)") }
            guard task.status == "done" else { throw CRMError.conflict("task #\(id) is open already") }
            try taskRows.reopen(id)
            try audit(actor: actor, lead: task.lead, action: "task", detail: "task #\(id) reopened")
        }
    }

    /// Once a lead created without a name learns one, its automatic title follows
    /// (``Lead/title(followingName:)``). Audited as `actor`.
    func titleFollowsName(_ lead: Lead, name: String, actor: String) throws {
        guard let title = lead.title(followingName: name) else { return }
        try leadValues.set(.title, lead: lead.id, to: .text(title))
        try audit(
            actor: actor, lead: lead.id, action: "title", field: "title", before: lead.title, after: title,
            detail: "follows the name")
    }
}
