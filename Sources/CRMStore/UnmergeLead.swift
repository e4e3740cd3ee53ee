import CRMCore

/// What undoing a merge gave back, and what it left because it changed after the merge.
public struct UnmergeReport: Sendable, Equatable {
    /// The merge undone.
    public var mergeID: Int64
    /// The lead that had stayed.
    public var survivorID: Int64
    /// The lead restored.
    public var absorbedID: Int64
    /// One line per thing restored ("3 chats back on lead #12").
    public var restored: [String] = []
    /// One line per thing left as it is now, because it changed after the merge.
    public var kept: [String] = []
}

/// The unmerge use case: a merge taken back as ``UnmergePlan`` decides, from what
/// ``MergeRepository`` recorded.
struct UnmergeLead {
    /// The store: its clock, audit and repositories.
    let store: Store

    /// Why merge `mergeID` cannot be undone now, or nil when it can: what ``run(_:actor:)``
    /// would refuse with, read without changing anything (the console asks before it confirms).
    func refusal(_ mergeID: Int64) throws -> CRMError? {
        try store.database.read {
            do {
                _ = try check(mergeID)
                return nil
            } catch let error as CRMError {
                return error
            }
        }
    }

    /// Merge `mergeID` and the survivor's email and phone lists after its undo, or the refusal
    /// of the undo: the merge is not there or undone, a lead was merged again since, or something
    /// the merge moved is no longer on the survivor.
    private func check(_ mergeID: Int64) throws -> (
        record: MergeRecord, plans: [(field: ContactField, contacts: UnmergePlan.Contacts)]
    ) {
        let mergeLog = store.mergeLog
        guard let record = try mergeLog.merge(mergeID) else {
            throw CRMError.notFound(.merge, "there is no merge #\(mergeID)")
        }
        let survivor = record.survivorID
        let absorbed = record.absorbedID
        if let refusal = UnmergePlan.refusal(
            merge: mergeID, survivor: survivor, absorbed: absorbed,
            undone: record.undoneAt.map { ($0, record.undoneBy) },
            survivorMergedInto: try mergeLog.mergedInto(survivor),
            absorbedMergedInto: try mergeLog.mergedInto(absorbed))
        {
            throw refusal
        }
        var problems = try mergeLog.strays(mergeID, survivor: survivor)
        var plans: [(field: ContactField, contacts: UnmergePlan.Contacts)] = []
        for field in [ContactField.email, .phone] {
            let contacts = UnmergePlan.Contacts(
                field: field, survivor: survivor,
                before: try mergeLog.contacts(mergeID, kind: field.rawValue + "_before"),
                after: try mergeLog.contacts(mergeID, kind: field.rawValue + "_after"),
                current: try store.contactLists.rows(field, lead: survivor))
            problems += contacts.problems
            plans.append((field, contacts))
        }
        guard problems.isEmpty else {
            throw CRMError.conflict(
                .merge,
                "merge #\(mergeID) cannot be undone safely: " + problems.joined(separator: "; ")
                    + " (the audit trail of lead #\(survivor) names each removal: `jivocrm show \(survivor)`). Put "
                    + "those back on lead #\(survivor) and try again, or separate the leads by hand")
        }
        return (record, plans)
    }

    /// Undoes merge `mergeID` (``Store/unmerge(_:actor:)``).
    func run(_ mergeID: Int64, actor: String) throws -> UnmergeReport {
        try store.database.write {
            let mergeLog = store.mergeLog
            let (record, plans) = try check(mergeID)
            let survivor = record.survivorID
            let absorbed = record.absorbedID
            var report = UnmergeReport(mergeID: mergeID, survivorID: survivor, absorbedID: absorbed)
            report.kept += plans.flatMap(\.contacts.kept)
            let moved = try mergeLog.moveBack(mergeID, to: absorbed, survivor: survivor)
            report.restored += moved.restored
            report.kept += moved.kept
            for plan in plans {
                try store.contactLists.write(plan.field, lead: survivor, rows: plan.contacts.rows)
                let own = try mergeLog.contacts(mergeID, kind: plan.field.rawValue + "_absorbed")
                try store.contactLists.restore(plan.field, lead: absorbed, rows: own)
                if !own.isEmpty {
                    report.restored.append("\(own.count) \(plan.field.rawValue)s back on lead #\(absorbed)")
                }
            }
            try restoreValues(record, report: &report)
            try mergeLog.markUndone(mergeID, absorbed: absorbed, at: store.clock(), by: actor)
            try store.audit(
                actor: actor, lead: survivor, action: "unmerge",
                detail: "merge #\(mergeID) undone: lead #\(absorbed) split back out")
            try store.audit(
                actor: actor, lead: absorbed, action: "unmerged",
                detail: "merge #\(mergeID) undone: out of lead #\(survivor)")
            for id in [survivor, absorbed] {
                try store.bumpVersion(id)
                try store.refreshSearch(id)
            }
            return report
        }
    }

    /// Restores the survivor's name, description, crm_link and last activity where they are
    /// still what the merge left (``UnmergePlan/restores(before:after:current:)``).
    private func restoreValues(_ record: MergeRecord, report: inout UnmergeReport) throws {
        guard let saved = try store.mergeLog.values(record.id) else { return }
        let lead = try store.requireLead(record.survivorID)
        let current = [lead.name, lead.description, lead.crmLink]
        let columns: [LeadValueRepository.Column] = [.name, .description, .crmLink]
        for (index, column) in columns.enumerated() {
            switch UnmergePlan.restores(
                before: saved.before.texts[index], after: saved.after.texts[index], current: current[index])
            {
            case true?:
                try store.leadValues.set(column, lead: record.survivorID, to: SQLValue(saved.before.texts[index]))
                report.restored.append("\(column.rawValue) of lead #\(record.survivorID) as before the merge")
            case false?:
                report.kept.append("\(column.rawValue) of lead #\(record.survivorID) stays as edited after the merge")
            case nil:
                break
            }
        }
        try store.leadValues.restoreActivity(
            lead: record.survivorID, to: saved.before.activity, ifStill: saved.after.activity)
    }
}
