import CRMCore

/// The operator's tasks on a lead: added by hand, done and reopened, each audited and undoable.
struct TaskEditing {
    /// The store: its clock, audit and repositories.
    let store: Store

    /// Creates a task by hand (``Store/addTask(lead:title:dueAt:manager:actor:)``); returns its id.
    func add(lead: Int64, title: String, dueAt: Int64, manager: String?, actor: String) throws -> Int64 {
        let title = try TaskRules.title(title)
        return try UndoableOperation(store: store).run(lead: lead, actor: actor, .own) {
            let record = try store.requireLead(lead)
            var assignee = record.manager?.id
            if let login = manager?.trimmingWhitespace, !login.isEmpty {
                assignee = try ManagerEditing(store: store).active(login).id
            }
            let id = try store.taskRows.addManual(
                lead: lead, text: title, assignee: assignee, dueAt: dueAt, at: store.clock())
            try store.audit(
                actor: actor, lead: lead, action: "task", field: "task", after: title,
                detail: "task #\(id) added, due \(Timestamp.iso8601(milliseconds: dueAt))")
            return id
        }
    }

    /// Marks task `id` done.
    func complete(_ id: Int64, actor: String) throws {
        try UndoableOperation(store: store).run(lead: try store.taskRows.lead(ofTask: id), actor: actor, .own) {
            let task = try existing(id)
            try TaskRules.requireCanComplete(id, status: task.status)
            try store.taskRows.complete(id, at: store.clock(), by: actor)
            try store.audit(actor: actor, lead: task.lead, action: "task", detail: "task #\(id) done")
        }
    }

    /// Opens done task `id` again.
    func reopen(_ id: Int64, actor: String) throws {
        try UndoableOperation(store: store).run(lead: try store.taskRows.lead(ofTask: id), actor: actor, .own) {
            let task = try existing(id)
            try TaskRules.requireCanReopen(id, status: task.status)
            try store.taskRows.reopen(id)
            try store.audit(actor: actor, lead: task.lead, action: "task", detail: "task #\(id) reopened")
        }
    }

    /// Task `id` as (lead, status), or a not-found error.
    private func existing(_ id: Int64) throws -> (lead: Int64, status: String) {
        guard let task = try store.taskRows.task(id) else { throw CRMError.notFound(.task, "there is no task #\(id)") }
        return task
    }
}
