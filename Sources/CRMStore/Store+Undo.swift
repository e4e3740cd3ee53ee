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
}

extension Store {
    /// Runs `body` (an operator's change to lead `lead`) as one undoable operation: the parts
    /// of the lead it changed are recorded before and after, with the audit rows it wrote.
    /// Nested operations belong to the outermost one.
    public func operation<T>(lead: Int64, actor: String, _ body: () throws -> T) throws -> T {
        try database.write {
            operationDepth += 1
            defer { operationDepth -= 1 }
            guard operationDepth == 1 else { return try body() }
            let lastAudit = try auditLog.lastID()
            let before = try leadSnapshots.snapshot(lead)
            let result = try body()
            guard try leadValues.exists(lead) else { return result }
            let after = try leadSnapshots.snapshot(lead)
            let changed = UndoDecision.changedParts(before: Self.keyed(before), after: Self.keyed(after))
                .compactMap(OperationPart.init(key:))
            guard !changed.isEmpty else { return result }
            let summary = try changed.compactMap {
                try describe($0, lead: lead, from: before[$0], to: after[$0], .done)
            }
            let undo = try changed.compactMap { try describe($0, lead: lead, from: after[$0], to: before[$0], .undone) }
            try auditLog.recordOperation(
                at: clock(), actor: actor, lead: lead, summary: summary.joined(separator: "; "),
                undo: undo.joined(separator: "; "),
                parts: changed.map { UndoDecision.Part(key: $0.key, before: before[$0], after: after[$0]) },
                auditAfter: lastAudit)
            return result
        }
    }

    /// A snapshot by the parts' stored names.
    private static func keyed(_ snapshot: [OperationPart: String]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: snapshot.map { ($0.key.key, $0.value) })
    }

    /// Runs `body`, the resolution of conflict `id`, as an operation on the conflict's lead,
    /// unless ``ResolutionPlan/isOperation`` says it has its own undo (a split, a merge).
    func resolveOperation<T>(_ id: Int64, _ resolution: Resolution, actor: String, _ body: () throws -> T) throws
        -> T
    {
        guard let subject = try conflictRows.subject(id) else { return try database.write(body) }
        let plan = ContactField(rawValue: subject.field).flatMap {
            try? ResolutionPlan(field: $0, resolution: resolution)
        }
        if resolution == .split || plan?.isOperation == false {
            return try database.write { try unrecorded(body) }
        }
        return try operation(lead: subject.lead, actor: actor, body)
    }

    /// Runs `body` inside an operation without recording one of its own (a merge's edit of the
    /// lead that stays is undone with the merge).
    @discardableResult
    func unrecorded<T>(_ body: () throws -> T) rethrows -> T {
        operationDepth += 1
        defer { operationDepth -= 1 }
        return try body()
    }

    /// The operations of `actor` not undone yet, newest first.
    public func undoableOperations(actor: String, limit: Int = 50) throws -> [OperationRecord] {
        try auditLog.undoableOperations(actor: actor, limit: limit)
    }

    /// Operation `id`, or nil if there is none.
    public func operationRecord(_ id: Int64) throws -> OperationRecord? {
        try auditLog.operation(id)
    }

    /// Undoes the last operation of `actor` that is not undone yet.
    @discardableResult
    public func undo(actor: String) throws -> UndoReport {
        try database.write {
            guard let last = try undoableOperations(actor: actor, limit: 1).first else {
                throw CRMError.notFound(.operation, "\(actor) has nothing to undo")
            }
            return try undo(last.id, actor: actor)
        }
    }

    /// Undoes operation `id` of `actor` as ``UndoDecision`` decides: the parts of the lead it
    /// changed go back to what they were before it. Refuses, changing nothing, when it was
    /// undone already, was someone else's, or when any of those parts changed since (a webhook
    /// or another operator wrote over it): undoing would overwrite that later change. The undo
    /// is audited.
    @discardableResult
    public func undo(_ id: Int64, actor: String) throws -> UndoReport {
        try database.write {
            guard let record = try operationRecord(id) else {
                throw CRMError.notFound(.operation, "there is no operation #\(id)")
            }
            if let refusal = UndoDecision.refusal(
                operation: id, owner: record.actor, actor: actor, undoneAt: record.undoneAt)
            {
                throw refusal
            }
            let current = try leadSnapshots.snapshot(record.leadID)
            let decision = UndoDecision(
                recorded: try auditLog.parts(ofOperation: id), current: Self.keyed(current),
                knows: { OperationPart(key: $0) != nil })
            guard decision.canUndo else {
                var problems = decision.unknown.map { "it changed \($0), which this jivocrm cannot restore" }
                for change in decision.changedSince {
                    guard let part = OperationPart(key: change.key) else { continue }
                    problems.append(
                        try describe(part, lead: record.leadID, from: change.left, to: change.current, .changedSince)
                            ?? "\(change.key) changed since")
                }
                let later = try auditLog.lastChange(lead: record.leadID, after: try auditLog.lastAudit(ofOperation: id))
                    .map { "; the last change was by \($0.actor) at \(Timestamp.iso8601(milliseconds: $0.at))" }
                throw CRMError.conflict(
                    "cannot undo operation #\(id): undoing would overwrite a later change ("
                        + problems.joined(separator: "; ") + ")\(later ?? "")")
            }
            for part in decision.restore {
                guard let known = OperationPart(key: part.key) else { continue }
                try leadSnapshots.restore(known, lead: record.leadID, to: part.before)
            }
            try auditLog.markUndone(id, at: clock(), by: actor)
            try audit(actor: actor, lead: record.leadID, action: "undo", detail: "operation #\(id): \(record.undo)")
            try bumpVersion(record.leadID)
            try refreshSearch(record.leadID)
            return UndoReport(operationID: id, leadID: record.leadID, undone: record.undo)
        }
    }

    /// The change of `part` in words (``OperationWords``).
    private func describe(
        _ part: OperationPart, lead: Int64, from: String?, to: String?, _ telling: OperationWords.Telling
    ) throws -> String? {
        try OperationWords.describe(part, lead: lead, from: from, to: to, telling) { try manager(id: $0)?.login }
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
        .object(["operation_id": .int(operationID), "lead_id": .int(leadID), "undone": .string(undone)])
    }
}
