import CRMCore

extension Store {
    /// Applies `change` to every lead of `ids` in one transaction, each lead audited on its own
    /// as if changed alone; all or nothing (an unknown id or manager changes no lead). A lead
    /// merged into another since it was chosen is left out and named in the result
    /// (``BulkResult/leftOut``); unless `leavingOutMerged`, it is refused and no lead changes, as
    /// for leads named by hand. With `seen` (a lead's status, or its manager's login, "" for
    /// none, as the operator saw it: ``BulkChange/replaced(in:)``), a lead whose value another
    /// operator changed since is left out too (``BulkResult/changedMeanwhile``). Returns how many
    /// leads (or, for tasks, tasks) changed and the operations recorded, which
    /// ``undo(operations:actor:)`` takes back together.
    @discardableResult
    public func apply(
        _ change: BulkChange, to ids: [Int64], actor: String, leavingOutMerged: Bool = true,
        seen: [Int64: String] = [:]
    ) throws -> BulkResult {
        try BulkUpdate(store: self).apply(
            change, to: ids, actor: actor, leavingOutMerged: leavingOutMerged, seen: seen)
    }

    /// The ids of every lead `filter` selects, in its order, at most `limit` of them (its own
    /// limit and position ignored).
    public func leadIDs(_ filter: LeadFilter, limit: Int) throws -> [Int64] {
        var all = filter
        all.limit = limit
        all.after = nil
        return try leads(all).map(\.lead.id)
    }
}
