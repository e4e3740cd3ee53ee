import CRMCore

extension Store {
    /// Merges lead `absorbed` into `survivor` as ``MergePlan`` decides (``MergeLeads``): its
    /// emails and phones become additional values (disagreeing names become conflicts), its
    /// chats, calls, tasks, notes, keys and conflicts move over, and it is marked merged (kept
    /// for the audit trail). Then `edit` is applied to the survivor (the values the operator
    /// chose to keep; an email or phone chosen comes first, the one it displaces stays as an
    /// additional value: a merge removes none). The fields in `decided` are those the operator
    /// chose between the two leads' values (the merge dialog's rows): no conflict opens about
    /// the value not chosen.
    /// `versions`, by lead id: the versions the choices were made on; a lead changed since is
    /// refused (the choices would write over the change). Everything needed to undo it is
    /// recorded in `merges` and `merge_items`; returns the merge's id.
    @discardableResult
    public func merge(
        _ absorbed: Int64, into survivor: Int64, actor: String, edit: ContactEdit = ContactEdit(),
        decided: Set<ContactField> = [], versions: [Int64: Int64] = [:]
    ) throws -> Int64 {
        try MergeLeads(store: self).run(
            absorbed, into: survivor, actor: actor, edit: edit, decided: decided, versions: versions)
    }

    /// Merge `id`, or nil if there is none (it is removed with either of its leads).
    public func mergeRecord(_ id: Int64) throws -> MergeRecord? { try mergeLog.merge(id) }

    /// The merges lead `id` took part in (as survivor or absorbed), newest first.
    public func merges(lead id: Int64) throws -> [MergeRecord] { try mergeLog.merges(lead: id) }

    /// The lead that holds lead `id`'s data now: the lead it was merged into, or the one that
    /// lead was merged into in turn; nil while it stands on its own (or there is none).
    public func mergedInto(_ id: Int64) throws -> Int64? { try mergeLog.holder(of: id) }

    /// Undoes merge `mergeID` (``UnmergeLead``): the absorbed lead comes back with its emails
    /// and phones, and the chats, calls, tasks, notes, conflicts and keys the merge moved go
    /// back to it; the survivor gets back its emails, phones, name, description, crm_link and
    /// last activity as they were before the merge (``UnmergePlan``). What changed on the
    /// survivor after the merge (a new phone, a renamed lead) stays and is listed in the
    /// report's `kept`.
    ///
    /// Refuses, changing nothing, when that cannot be done faithfully: the merge was undone
    /// already, a lead was merged again since, or something the merge moved is no longer on
    /// the survivor (an email removed, a chat split off). Both leads are audited.
    @discardableResult
    public func unmerge(_ mergeID: Int64, actor: String) throws -> UnmergeReport {
        try UnmergeLead(store: self).run(mergeID, actor: actor)
    }

    /// Why ``unmerge(_:actor:)`` would refuse merge `mergeID` now, or nil when it would not;
    /// changes nothing.
    public func unmergeRefusal(_ mergeID: Int64) throws -> CRMError? {
        try UnmergeLead(store: self).refusal(mergeID)
    }
}
