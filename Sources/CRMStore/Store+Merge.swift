import CRMCore
import JivoProtocol

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

extension Store {
    /// Merges lead `absorbed` into `survivor` as ``MergePlan`` decides: its emails and phones
    /// become additional values (disagreeing names become conflicts), its chats, calls, tasks,
    /// notes, keys and conflicts move over, and it is marked merged (kept for the audit trail).
    /// Then `edit` is applied to the survivor (the values the operator chose to keep).
    /// Everything needed to undo it is recorded in `merges` and `merge_items`; returns the
    /// merge's id.
    @discardableResult
    public func merge(_ absorbed: Int64, into survivor: Int64, actor: String, edit: ContactEdit = ContactEdit()) throws
        -> Int64
    {
        try database.write {
            let source = try requireLead(absorbed)
            let target = try requireLead(survivor)
            let plan = try MergePlan(absorbed: source, into: target)
            for id in [absorbed, survivor] {
                if let into = try mergeLog.mergedInto(id) {
                    throw CRMError.conflict(
                        "lead #\(id) was already merged into lead #\(into); merge into #\(into) instead")
                }
            }
            let lastConflict = try conflictRows.lastID()
            let mergeID = try mergeLog.begin(survivor: target, absorbed: absorbed, at: clock(), actor: actor)
            for field in [ContactField.email, .phone] {
                try mergeLog.recordContacts(mergeID, kind: field.rawValue + "_before", field: field, lead: survivor)
                try mergeLog.recordContacts(mergeID, kind: field.rawValue + "_absorbed", field: field, lead: absorbed)
            }
            for (field, values) in [(ContactField.email, plan.emails), (.phone, plan.phones)] {
                for value in values {
                    try addContact(
                        ContactListRepository.table(field), lead: survivor, value: value.value,
                        normalized: value.normalized)
                }
                try contactLists.removeAll(field, lead: absorbed)
            }
            try mergeLog.move(mergeID, absorbed: absorbed, into: survivor, at: clock(), actor: actor)
            try mergeLog.markMerged(absorbed, into: survivor)
            try applyVisitor(plan.visitor, to: survivor, excluding: [], eventID: nil, at: clock(), actor: actor)
            try touchActivity(survivor, at: source.lastActivityAt)
            try audit(
                actor: actor, lead: survivor, action: "merge", detail: "merge #\(mergeID): lead #\(absorbed) merged in")
            try audit(
                actor: actor, lead: absorbed, action: "merged",
                detail: "merge #\(mergeID): merged into lead #\(survivor)")
            try bumpVersion(survivor)
            try refreshSearch(survivor)
            if !edit.isEmpty { try unrecorded { try applyEdit(survivor, edit, actor: actor) } }

            try mergeLog.recordOpened(mergeID, survivor: survivor, after: lastConflict)
            for field in [ContactField.email, .phone] {
                try mergeLog.recordContacts(mergeID, kind: field.rawValue + "_after", field: field, lead: survivor)
            }
            try mergeLog.finish(mergeID, survivor: try requireLead(survivor))
            return mergeID
        }
    }

    /// Merge `id`, or nil if there is none (it is removed with either of its leads).
    public func mergeRecord(_ id: Int64) throws -> MergeRecord? {
        try mergeLog.merge(id)
    }

    /// The merges lead `id` took part in (as survivor or absorbed), newest first.
    public func merges(lead id: Int64) throws -> [MergeRecord] {
        try mergeLog.merges(lead: id)
    }

    /// Undoes merge `mergeID`: the absorbed lead comes back with its emails and phones, and the
    /// chats, calls, tasks, notes, conflicts and keys the merge moved go back to it; the
    /// survivor gets back its emails, phones, name, description, crm_link and last activity as
    /// they were before the merge (``UnmergePlan``). What changed on the survivor after the
    /// merge (a new phone, a renamed lead) stays and is listed in the report's `kept`.
    ///
    /// Refuses, changing nothing, when that cannot be done faithfully: the merge was undone
    /// already, a lead was merged again since, or something the merge moved is no longer on
    /// the survivor (an email removed, a chat split off). Both leads are audited.
    @discardableResult
    public func unmerge(_ mergeID: Int64, actor: String) throws -> UnmergeReport {
        try database.write {
            guard let record = try mergeRecord(mergeID) else {
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
            var report = UnmergeReport(mergeID: mergeID, survivorID: survivor, absorbedID: absorbed)
            var problems = try mergeLog.strays(mergeID, survivor: survivor)
            var plans: [(field: ContactField, contacts: UnmergePlan.Contacts)] = []
            for field in [ContactField.email, .phone] {
                let contacts = UnmergePlan.Contacts(
                    field: field, survivor: survivor,
                    before: try mergeLog.contacts(mergeID, kind: field.rawValue + "_before"),
                    after: try mergeLog.contacts(mergeID, kind: field.rawValue + "_after"),
                    current: try contactLists.rows(field, lead: survivor))
                problems += contacts.problems
                report.kept += contacts.kept
                plans.append((field, contacts))
            }
            guard problems.isEmpty else {
                throw CRMError.conflict(
                    .merge,
                    "merge #\(mergeID) cannot be undone safely: " + problems.joined(separator: "; ")
                        + ". Put those back on lead #\(survivor) and try again, or separate the leads by hand")
            }
            let moved = try mergeLog.moveBack(mergeID, to: absorbed, survivor: survivor)
            report.restored += moved.restored
            report.kept += moved.kept
            for plan in plans {
                try contactLists.write(plan.field, lead: survivor, rows: plan.contacts.rows)
                let own = try mergeLog.contacts(mergeID, kind: plan.field.rawValue + "_absorbed")
                try contactLists.restore(plan.field, lead: absorbed, rows: own)
                if !own.isEmpty {
                    report.restored.append("\(own.count) \(plan.field.rawValue)s back on lead #\(absorbed)")
                }
            }
            try restoreValues(record, report: &report)
            try mergeLog.markUndone(mergeID, absorbed: absorbed, at: clock(), by: actor)
            try audit(
                actor: actor, lead: survivor, action: "unmerge",
                detail: "merge #\(mergeID) undone: lead #\(absorbed) split back out")
            try audit(
                actor: actor, lead: absorbed, action: "unmerged",
                detail: "merge #\(mergeID) undone: out of lead #\(survivor)")
            for id in [survivor, absorbed] {
                try bumpVersion(id)
                try refreshSearch(id)
            }
            return report
        }
    }

    /// Restores the survivor's name, description, crm_link and last activity where they are
    /// still what the merge left (``UnmergePlan/restores(before:after:current:)``).
    private func restoreValues(_ record: MergeRecord, report: inout UnmergeReport) throws {
        guard let saved = try mergeLog.values(record.id) else { return }
        let lead = try requireLead(record.survivorID)
        let current = [lead.name, lead.description, lead.crmLink]
        let columns: [LeadValueRepository.Column] = [.name, .description, .crmLink]
        for (index, column) in columns.enumerated() {
            switch UnmergePlan.restores(
                before: saved.before.texts[index], after: saved.after.texts[index], current: current[index])
            {
            case true?:
                try leadValues.set(column, lead: record.survivorID, to: SQLValue(saved.before.texts[index]))
                report.restored.append("\(column.rawValue) of lead #\(record.survivorID) as before the merge")
            case false?:
                report.kept.append("\(column.rawValue) of lead #\(record.survivorID) stays as edited after the merge")
            case nil:
                break
            }
        }
        try leadValues.restoreActivity(
            lead: record.survivorID, to: saved.before.activity, ifStill: saved.after.activity)
    }
}
