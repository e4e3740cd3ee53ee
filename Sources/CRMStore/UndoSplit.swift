import CRMCore

/// The unsplit use case: the lead a split created joins the original again (a merge, audited),
/// what the split took off goes as ``UnsplitPlan`` decides, and the conflict is open again.
struct UndoSplit {
    /// The store: its settings, audit, repositories and the merge use case.
    let store: Store

    /// Undoes the split that resolved conflict `conflictID` (``Store/unsplit(_:actor:)``);
    /// returns the lead that went back.
    func run(_ conflictID: Int64, actor: String) throws -> Int64 {
        try store.database.write {
            let created = try store.conflictRows.splitLead(conflictID)
            guard let conflict = try store.conflict(conflictID), let splitLead = created else {
                throw CRMError.notFound(
                    .split, "conflict #\(conflictID) was not resolved by a split that can be undone")
            }
            let before = try store.requireLead(conflict.leadID)
            try MergeLeads(store: store).run(splitLead, into: conflict.leadID, actor: actor, edit: ContactEdit())
            if let field = ContactField(rawValue: conflict.field),
                let removal = UnsplitPlan(
                    field: field, incoming: conflict.incoming, original: before, normalizer: store.settings.normalizer
                ).removal
            {
                try store.contactLists.remove(removal.field, lead: conflict.leadID, normalized: removal.normalized)
                try store.refreshSearch(conflict.leadID)
            }
            try store.conflictRows.reopen(conflictID)
            try store.audit(
                actor: actor, lead: conflict.leadID, action: "unsplit", field: conflict.field,
                detail:
                    "conflict #\(conflictID): lead #\(splitLead) joined #\(conflict.leadID) again; the conflict is open"
            )
            return splitLead
        }
    }
}
