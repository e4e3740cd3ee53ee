import CRMCore

extension Store {
    /// Settles an open conflict as ``ResolutionPlan`` decides (``ResolveConflict``): keep the
    /// current value, take the incoming one, keep both, split the visitor off as a new lead
    /// (with the chat and visitor keys of the event it came from), or merge duplicate leads.
    /// Returns the id of the lead a split created, if one did.
    @discardableResult
    public func resolve(_ conflictID: Int64, _ resolution: Resolution, actor: String) throws -> Int64? {
        try ResolveConflict(store: self).run(conflictID, resolution, actor: actor)
    }

    /// The two leads of a duplicate conflict as a merge takes them (``MergePlan/duplicates(_:_:)``);
    /// nil when the other lead is gone.
    public func duplicatePair(_ conflict: ConflictRecord) throws -> (survivor: Int64, absorbed: Int64)? {
        guard let otherID = conflict.otherLeadID, let other = try lead(otherID), let this = try lead(conflict.leadID)
        else { return nil }
        return MergePlan.duplicates(this, other)
    }

    /// The split conflict behind lead `id` that can be undone, if any: the latest conflict
    /// resolved by splitting that created `id`, or that split a lead off `id`.
    public func undoableSplit(lead id: Int64) throws -> ConflictRecord? {
        try conflictRows.undoableSplit(lead: id).flatMap(conflict)
    }

    /// The latest split by `actor` that can still be undone, and when it was made.
    public func latestSplit(by actor: String) throws -> (conflict: Int64, at: Int64)? {
        try conflictRows.latestSplit(by: actor)
    }

    /// Undoes the split that resolved conflict `conflictID` (``UndoSplit``): the lead it created
    /// joins the original again (a merge, audited, with everything that lead gathered since),
    /// and the conflict is open again. Returns the lead that went back.
    @discardableResult
    public func unsplit(_ conflictID: Int64, actor: String) throws -> Int64 {
        try UndoSplit(store: self).run(conflictID, actor: actor)
    }
}
