import CRMCore

/// The merge use case: one lead absorbed into another as ``MergePlan`` decides, with
/// everything needed to undo it recorded (``MergeRepository``).
struct MergeLeads {
    /// The store: its clock, audit, repositories and the use cases a merge composes.
    let store: Store

    /// Merges lead `absorbed` into `survivor`, then applies `edit` to the survivor as part of
    /// the merge, opening no conflict about the fields in `decided`, refusing a lead whose
    /// version is no longer the one in `versions`
    /// (``Store/merge(_:into:actor:edit:decided:versions:)``); returns the merge's id.
    @discardableResult
    func run(
        _ absorbed: Int64, into survivor: Int64, actor: String, edit: ContactEdit, decided: Set<ContactField> = [],
        versions: [Int64: Int64] = [:]
    ) throws -> Int64 {
        try store.database.write {
            let mergeLog = store.mergeLog
            let source = try store.requireLead(absorbed)
            let target = try store.requireLead(survivor)
            let plan = try MergePlan(absorbed: source, into: target)
            for id in [absorbed, survivor] {
                if let into = try mergeLog.holder(of: id) {
                    throw CRMError.conflict(
                        "lead #\(id) was already merged into lead #\(into); merge into #\(into) instead")
                }
            }
            for lead in [source, target] {
                if let expected = versions[lead.id], expected != lead.version {
                    throw CRMError.conflict(
                        "lead #\(lead.id) changed since its values were chosen (version \(expected), now "
                            + "\(lead.version)); look at them again and merge")
                }
            }
            let lastConflict = try store.conflictRows.lastID()
            let mergeID = try mergeLog.begin(survivor: target, absorbed: absorbed, at: store.clock(), actor: actor)
            for field in [ContactField.email, .phone] {
                try mergeLog.recordContacts(mergeID, kind: field.rawValue + "_before", field: field, lead: survivor)
                try mergeLog.recordContacts(mergeID, kind: field.rawValue + "_absorbed", field: field, lead: absorbed)
            }
            for (field, values) in [(ContactField.email, plan.emails), (.phone, plan.phones)] {
                for value in values {
                    try store.contactLists.append(
                        field, lead: survivor, value: value.value, normalized: value.normalized)
                }
                try store.contactLists.removeAll(field, lead: absorbed)
            }
            try mergeLog.move(mergeID, absorbed: absorbed, into: survivor, at: store.clock(), actor: actor)
            try mergeLog.markMerged(absorbed, into: survivor)
            try VisitorData(store: store).apply(
                plan.visitor, to: survivor, excluding: decided, eventID: nil, at: store.clock(), actor: actor)
            try store.touchActivity(survivor, at: source.lastActivityAt)
            try store.audit(
                actor: actor, lead: survivor, action: "merge", detail: "merge #\(mergeID): lead #\(absorbed) merged in")
            try store.audit(
                actor: actor, lead: absorbed, action: "merged",
                detail: "merge #\(mergeID): merged into lead #\(survivor)")
            try store.bumpVersion(survivor)
            try store.refreshSearch(survivor)
            if !edit.isEmpty {
                try ContactEditing(store: store).apply(
                    survivor, edit, actor: actor, expectedVersion: nil, .enclosed, keepingReplaced: true)
            }

            try mergeLog.recordOpened(mergeID, survivor: survivor, after: lastConflict)
            for field in [ContactField.email, .phone] {
                try mergeLog.recordContacts(mergeID, kind: field.rawValue + "_after", field: field, lead: survivor)
            }
            try mergeLog.finish(mergeID, survivor: try store.requireLead(survivor))
            return mergeID
        }
    }
}
