import CRMCore

extension Store {
    /// The operations of `actor` not undone yet, newest first.
    public func undoableOperations(actor: String, limit: Int = 50) throws -> [OperationRecord] {
        try auditLog.undoableOperations(actor: actor, limit: limit)
    }

    /// Undoes the last operation of `actor` that is not undone yet (``UndoOperation``).
    @discardableResult
    public func undo(actor: String) throws -> UndoReport { try UndoOperation(store: self).undoLast(actor: actor) }

    /// Undoes operation `id` of `actor` as ``UndoDecision`` decides: the parts of the lead it
    /// changed go back to what they were before it. Refuses, changing nothing, when it was
    /// undone already, was someone else's, or when any of those parts changed since (a webhook
    /// or another operator wrote over it): undoing would overwrite that later change. The undo
    /// is audited.
    @discardableResult
    public func undo(_ id: Int64, actor: String) throws -> UndoReport {
        try UndoOperation(store: self).undo(id, actor: actor)
    }

    /// Undoes the operations `ids` of `actor` not undone yet (a bulk change's,
    /// ``BulkResult/operations``), newest first, in one transaction: all or none, refused as
    /// the first that cannot be undone is (``undo(_:actor:)``). Returns what each undid.
    @discardableResult
    public func undo(operations ids: [Int64], actor: String) throws -> [UndoReport] {
        try database.write {
            try ids.reversed().compactMap { id in
                guard try auditLog.operation(id)?.undoneAt == nil else { return nil }
                return try UndoOperation(store: self).undo(id, actor: actor)
            }
        }
    }
}
