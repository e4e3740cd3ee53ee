import CRMCore

/// The operation and audit wrapper of the operator use cases: runs a change to one lead in a
/// write transaction and records it as one undoable operation (the parts of the lead it changed,
/// before and after, owning the audit rows it wrote). Whether a change is an operation of its
/// own or part of an enclosing one is said by the caller (``Scope``), never kept between calls.
struct UndoableOperation {
    /// Whether a change records an operation.
    enum Scope {
        /// The change is an operation of its own.
        case own
        /// The change is part of an enclosing operation (which records it), or of a merge or a
        /// split (which have their own undo): it records nothing.
        case enclosed
    }

    /// The store: its clock, audit and repositories.
    let store: Store

    /// Runs `body` (an operator's change to lead `lead`) in a write transaction; with scope
    /// `.own`, as one undoable operation: the parts of the lead it changed are recorded before
    /// and after, with the audit rows it wrote. A lead merged into another is refused: its
    /// data lives on the survivor, and a change to it would never show (a console or a script
    /// may still name it after another operator merged it).
    func run<T>(lead: Int64, actor: String, _ scope: Scope, _ body: () throws -> T) throws -> T {
        try store.database.write {
            try Self.refuseMerged(lead, store: store)
            guard scope == .own else { return try body() }
            let lastAudit = try store.auditLog.lastID()
            let before = try store.leadSnapshots.snapshot(lead)
            let result = try body()
            guard try store.leadValues.exists(lead) else { return result }
            let after = try store.leadSnapshots.snapshot(lead)
            let changed = UndoDecision.changedParts(before: Self.keyed(before), after: Self.keyed(after))
                .compactMap(OperationPart.init(key:))
            guard !changed.isEmpty else { return result }
            let summary = try changed.compactMap {
                try describe($0, lead: lead, from: before[$0], to: after[$0], .done)
            }
            let undo = try changed.compactMap { try describe($0, lead: lead, from: after[$0], to: before[$0], .undone) }
            try store.auditLog.recordOperation(
                at: store.clock(), actor: actor, lead: lead, summary: summary.joined(separator: "; "),
                undo: undo.joined(separator: "; "),
                parts: changed.map { UndoDecision.Part(key: $0.key, before: before[$0], after: after[$0]) },
                auditAfter: lastAudit)
            return result
        }
    }

    /// Refuses a change to lead `lead` when it was merged into another, naming the lead that
    /// holds its data now.
    private static func refuseMerged(_ lead: Int64, store: Store) throws {
        if let survivor = try store.mergeLog.holder(of: lead) { throw mergedRefusal(lead, holder: survivor) }
    }

    /// The refusal of a change to lead `lead`, merged into another: `holder` holds its data now.
    static func mergedRefusal(_ lead: Int64, holder: Int64) -> CRMError {
        CRMError.conflict(.lead, "lead #\(lead) was merged into lead #\(holder); change lead #\(holder) instead")
    }

    /// A snapshot by the parts' stored names.
    static func keyed(_ snapshot: [OperationPart: String]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: snapshot.map { ($0.key.key, $0.value) })
    }

    /// The change of `part` in words (``OperationWords``).
    func describe(
        _ part: OperationPart, lead: Int64, from: String?, to: String?, _ telling: OperationWords.Telling
    ) throws -> String? {
        try OperationWords.describe(part, lead: lead, from: from, to: to, telling) { try store.manager(id: $0)?.login }
    }
}
