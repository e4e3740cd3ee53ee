import CRMCore

extension Store {
    /// Creates a task by hand on lead `lead`: `title`, due at `dueAt`, for the active manager
    /// `manager` (nil: the lead's manager). Audited and undoable; returns the task's id.
    @discardableResult
    public func addTask(lead: Int64, title: String, dueAt: Int64, manager: String?, actor: String) throws -> Int64 {
        try TaskEditing(store: self).add(lead: lead, title: title, dueAt: dueAt, manager: manager, actor: actor)
    }

    /// Marks a task done.
    public func completeTask(_ id: Int64, actor: String) throws {
        try TaskEditing(store: self).complete(id, actor: actor)
    }

    /// Opens done task `id` again. Audited and undoable.
    public func reopenTask(_ id: Int64, actor: String) throws { try TaskEditing(store: self).reopen(id, actor: actor) }
}
