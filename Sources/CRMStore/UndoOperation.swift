import CRMCore
import JivoProtocol

/// One operator operation on a lead (a status, an edit, a resolved conflict, a note), as
/// ``Store/undo(actor:)`` can take it back.
public struct OperationRecord: Sendable, Equatable {
    /// Row id: the number `jivocrm undo` takes.
    public var id: Int64
    /// When, Unix milliseconds.
    public var at: Int64
    /// Who did it.
    public var actor: String
    /// The lead it changed.
    public var leadID: Int64
    /// What it did ("status of #12: Unsorted → Won").
    public var summary: String
    /// What undoing it does ("status of #12 back to Unsorted").
    public var undo: String
    /// When it was undone, if it was.
    public var undoneAt: Int64?
    /// Who undid it.
    public var undoneBy: String?
}

/// What ``Store/undo(actor:)`` took back.
public struct UndoReport: Sendable, Equatable {
    /// The operation undone.
    public var operationID: Int64
    /// Its lead.
    public var leadID: Int64
    /// What was undone, in the words of the message ("status of #12 back to Unsorted").
    public var undone: String
    /// The operator's merge made after the operation undone as their last change, which the
    /// undo left (a merge is undone by an unmerge).
    public var laterMerge: MergeRecord?

    /// "your merge #6 (lead #32 into lead #31), made after it, stays: `jivocrm unmerge 6` (U on
    /// lead #31 in the console) undoes it", when there was one.
    public var laterMergeNote: String? {
        laterMerge.map {
            "your merge #\($0.id) (lead #\($0.absorbedID) into lead #\($0.survivorID)), made after it, stays: "
                + "`jivocrm unmerge \($0.id)` (U on lead #\($0.survivorID) in the console) undoes it"
        }
    }
}

/// The undo use case: takes an operator's operation back as ``UndoDecision`` decides, with the
/// audit log and the lead snapshots.
struct UndoOperation {
    /// The store: its clock, audit and repositories.
    let store: Store

    /// Undoes the last operation of `actor` that is not undone yet.
    func undoLast(actor: String) throws -> UndoReport {
        try store.database.write {
            guard let last = try store.auditLog.undoableOperations(actor: actor, limit: 1).first else {
                throw CRMError.notFound(.operation, "\(actor) has nothing to undo")
            }
            var report = try undo(last.id, actor: actor)
            report.laterMerge = try store.mergeLog.latestMerge(by: actor, since: last.at)
            return report
        }
    }

    /// Undoes operation `id` of `actor` (``Store/undo(_:actor:)``).
    func undo(_ id: Int64, actor: String) throws -> UndoReport {
        try store.database.write {
            guard let record = try store.auditLog.operation(id) else {
                throw CRMError.notFound(.operation, "there is no operation #\(id)")
            }
            if let refusal = UndoDecision.refusal(
                operation: id, owner: record.actor, actor: actor, undoneAt: record.undoneAt)
            {
                throw refusal
            }
            try refuseMerged(record.leadID)
            let current = try store.leadSnapshots.snapshot(record.leadID)
            let decision = UndoDecision(
                recorded: try store.auditLog.parts(ofOperation: id), current: UndoableOperation.keyed(current),
                knows: { OperationPart(key: $0) != nil })
            guard decision.canUndo else { throw try refusal(id, record: record, decision: decision) }
            for part in decision.restore {
                guard let known = OperationPart(key: part.key) else { continue }
                try store.leadSnapshots.restore(known, lead: record.leadID, to: part.before)
            }
            try store.auditLog.markUndone(id, at: store.clock(), by: actor)
            try store.audit(
                actor: actor, lead: record.leadID, action: "undo", detail: "operation #\(id): \(record.undo)")
            try store.bumpVersion(record.leadID)
            try store.refreshSearch(record.leadID)
            return UndoReport(operationID: id, leadID: record.leadID, undone: record.undo)
        }
    }

    /// Refuses the undo of a change to lead `lead` when it was merged into another: the undo
    /// would change a lead that no longer stands on its own, and the merge comes back first.
    private func refuseMerged(_ lead: Int64) throws {
        guard let survivor = try store.mergeLog.mergedInto(lead) else { return }
        let merge = try store.mergeLog.openMerge(survivor: survivor, absorbed: lead)
        throw CRMError.conflict(
            .lead,
            "lead #\(lead) was merged into lead #\(survivor)\(merge.map { " (merge #\($0))" } ?? ""), so a change to "
                + "it cannot be undone: undo the merge first (U on lead #\(survivor) in the console, `jivocrm unmerge "
                + "\(merge.map(String.init) ?? "MERGE_ID")`), then this change")
    }

    /// The error that says why operation `id` cannot be undone: what changed since, and who
    /// made the last change.
    private func refusal(_ id: Int64, record: OperationRecord, decision: UndoDecision) throws -> CRMError {
        var problems = decision.unknown.map { "it changed \($0), which this jivocrm cannot restore" }
        let words = UndoableOperation(store: store)
        for change in decision.changedSince {
            guard let part = OperationPart(key: change.key) else { continue }
            problems.append(
                try words.describe(part, lead: record.leadID, from: change.left, to: change.current, .changedSince)
                    ?? "\(change.key) changed since")
        }
        let later = try store.auditLog.lastChange(
            lead: record.leadID, after: try store.auditLog.lastAudit(ofOperation: id)
        ).map { "; the last change was by \($0.actor) at \(store.settings.localTime.labelled(milliseconds: $0.at))" }
        return CRMError.conflict(
            "cannot undo operation #\(id): undoing would overwrite a later change ("
                + problems.joined(separator: "; ") + ")\(later ?? "")")
    }
}

extension OperationRecord {
    /// The stable `undo --list --json` object.
    public var json: JSONValue {
        .object([
            "id": .int(id), "at": .time(at), "actor": .string(actor), "lead_id": .int(leadID),
            "summary": .string(summary), "undo": .string(undo), "undone_at": .time(undoneAt),
            "undone_by": .optional(undoneBy),
        ])
    }
}

extension UndoReport {
    /// The stable `undo --json` object.
    public var json: JSONValue {
        .object([
            "operation_id": .int(operationID), "lead_id": .int(leadID), "undone": .string(undone),
            "later_merge_id": .optional(laterMerge?.id),
        ])
    }
}
