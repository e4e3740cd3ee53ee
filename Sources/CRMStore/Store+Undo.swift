import CRMCore
import CSQLite
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
                .compactMap(UndoPart.init(key:))
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
    private static func keyed(_ snapshot: [UndoPart: String]) -> [String: String] {
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
                knows: { UndoPart(key: $0) != nil })
            guard decision.canUndo else {
                var problems = decision.unknown.map { "it changed \($0), which this jivocrm cannot restore" }
                for change in decision.changedSince {
                    guard let part = UndoPart(key: change.key) else { continue }
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
                guard let known = UndoPart(key: part.key) else { continue }
                try leadSnapshots.restore(known, lead: record.leadID, to: part.before)
            }
            try auditLog.markUndone(id, at: clock(), by: actor)
            try audit(actor: actor, lead: record.leadID, action: "undo", detail: "operation #\(id): \(record.undo)")
            try bumpVersion(record.leadID)
            try refreshSearch(record.leadID)
            return UndoReport(operationID: id, leadID: record.leadID, undone: record.undo)
        }
    }

    // MARK: Words

    /// Which way ``describe(_:lead:from:to:_:)`` speaks of a change.
    private enum Telling {
        /// As done: "status of #12 set to Won".
        case done
        /// As undone: "status of #12 back to Unsorted".
        case undone
        /// As a change made since: "status of #12 changed to Lost since"; it goes into an error
        /// message, so a lead's own values (name, contacts, notes) are not repeated.
        case changedSince

        var verb: String {
            switch self {
            case .done: "set to"
            case .undone: "back to"
            case .changedSince: "changed to"
            }
        }
        var suffix: String { self == .changedSince ? " since" : "" }
    }

    /// The change of `part` from `from` to `to` in words ("status of #12 back to Unsorted"), or
    /// nil for a change that follows from another one (a task's assignee follows the lead's).
    private func describe(_ part: UndoPart, lead: Int64, from: String?, to: String?, _ telling: Telling) throws
        -> String?
    {
        let old = LeadSnapshotRepository.decode(from)
        let new = LeadSnapshotRepository.decode(to)
        switch part {
        case .column(let column):
            let name = column == "manager_id" ? "manager" : column
            if telling == .changedSince, column != "status", column != "manager_id" {
                return "\(name) of #\(lead) changed since"
            }
            return
                "\(name) of #\(lead) \(telling.verb) \(try words(column, new.first?.first ?? .null))\(telling.suffix)"
        case .list(let name):
            if telling == .changedSince {
                return "\(name == "fields" ? "custom fields" : name) of #\(lead) changed since"
            }
            let values = new.map { row in
                name == "fields" ? "\(Self.text(row, 1))=\(Self.text(row, 2))" : Self.text(row, 1)
            }
            return "\(name == "fields" ? "custom fields" : name) of #\(lead) \(telling.verb) "
                + (values.isEmpty ? "none" : values.joined(separator: ", ")) + telling.suffix
        case .row(let kind, let id):
            guard !new.isEmpty else { return "\(kind) #\(id) on #\(lead) removed\(telling.suffix)" }
            guard !old.isEmpty else {
                return "\(kind) #\(id) on #\(lead) \(telling == .undone ? "restored" : "added")\(telling.suffix)"
            }
            if kind == "task", Self.text(old[0], 5) == Self.text(new[0], 5) { return nil }
            if kind == "note", telling == .changedSince { return "note #\(id) changed since" }
            let value =
                switch kind {
                case "task": Self.text(new[0], 5)
                case "conflict": Self.text(new[0], 7)
                default: "\"" + Self.text(new[0], 3) + "\""
                }
            return "\(kind) #\(id) \(telling.verb) \(value)\(telling.suffix)"
        }
    }

    private func words(_ column: String, _ value: SQLValue) throws -> String {
        switch (column, value) {
        case (_, .null): return "none"
        case ("status", .text(let raw)): return LeadStatus(rawValue: raw)?.label ?? raw
        case ("manager_id", .integer(let id)): return try manager(id: id)?.login ?? "manager #\(id)"
        case (_, .text(let text)): return text.isEmpty ? "empty" : "\"\(text)\""
        default: return Self.text(value)
        }
    }

    /// Column `index` of a decoded row as text; empty when the row is shorter.
    private static func text(_ row: [SQLValue], _ index: Int) -> String {
        row.indices.contains(index) ? text(row[index]) : ""
    }

    private static func text(_ value: SQLValue) -> String {
        switch value {
        case .null, .blob: ""
        case .integer(let number): String(number)
        case .real(let number): String(number)
        case .text(let text): text
        }
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
