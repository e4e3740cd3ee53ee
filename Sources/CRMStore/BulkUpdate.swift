import CRMCore

/// What a bulk change did.
public struct BulkResult: Sendable, Equatable {
    /// How many leads (or, for tasks, tasks) changed.
    public var changed: Int
    /// The operations it recorded, one per change, oldest first.
    public var operations: [Int64]
    /// The leads left out because they were merged into another, each with the lead that holds
    /// its data now.
    public var leftOut: [Int64: Int64] = [:]
    /// The leads left out because the value the change replaces is no longer the one the
    /// operator saw (another operator changed it meanwhile), each with that value now.
    public var changedMeanwhile: [Int64: String] = [:]
    /// The open tasks completing left open: tasks added after the operator saw the lead's
    /// (``BulkChange/completeTasks(only:)``).
    public var tasksLeftOpen: [Int64] = []
    /// The leads that had the status or the manager already (not counted as changed).
    public var already: [Int64] = []
}

/// The operator's changes to many leads at once, each lead changed and audited as if alone, in
/// one transaction: all or nothing.
struct BulkUpdate {
    /// The store: its repositories and the single-lead use cases.
    let store: Store

    /// Applies `change` to every lead of `ids` where ``BulkChange/changes(_:)`` says it changes
    /// something; a lead merged into another is left out (and named in the result), or, unless
    /// `leavingOutMerged`, refused with the others unchanged; so is a lead whose value the
    /// change replaces is not the one `seen` gives for it (``BulkChange/replaced(in:)``).
    /// Returns how many leads (or, for tasks, tasks) changed and the operations.
    func apply(
        _ change: BulkChange, to ids: [Int64], actor: String, leavingOutMerged: Bool, seen: [Int64: String]
    ) throws -> BulkResult {
        try store.database.write {
            let before = try store.auditLog.lastOperationID()
            var changed = 0
            var leftOut: [Int64: Int64] = [:]
            var changedMeanwhile: [Int64: String] = [:]
            var tasksLeftOpen: [Int64] = []
            var already: [Int64] = []
            for id in ids {
                let lead = try store.requireLead(id)
                // A lead merged away since it was marked is left out (its data is on the survivor).
                if let holder = try store.mergeLog.holder(of: id) {
                    guard leavingOutMerged else { throw UndoableOperation.mergedRefusal(id, holder: holder) }
                    leftOut[id] = holder
                    continue
                }
                guard change.changes(lead) else {
                    already.append(id)
                    continue
                }
                // Another operator changed what this change replaces since the operator chose it.
                if let expected = seen[id], let now = change.replaced(in: lead), now != expected {
                    changedMeanwhile[id] = now
                    continue
                }
                switch change {
                case .status(let status):
                    try LeadTriage(store: store).setStatus(id, status, actor: actor)
                    changed += 1
                case .assign(let login):
                    try LeadTriage(store: store).assign(id, login: login, actor: actor)
                    changed += 1
                case .completeTasks(let only):
                    let open = try store.taskRows.openTasks(lead: id)
                    let seen = only.map { only in open.filter(only.contains) } ?? open
                    for task in seen { try TaskEditing(store: store).complete(task, actor: actor) }
                    changed += seen.count
                    tasksLeftOpen += open.filter { !seen.contains($0) }
                }
            }
            return BulkResult(
                changed: changed, operations: try store.auditLog.operationIDs(actor: actor, after: before),
                leftOut: leftOut, changedMeanwhile: changedMeanwhile, tasksLeftOpen: tasksLeftOpen, already: already)
        }
    }

    /// Assigns every live lead without a manager to the active manager `login`; returns them.
    func assignUnassigned(login: String, actor: String) throws -> [Int64] {
        try store.database.write {
            _ = try ManagerEditing(store: store).active(login)
            let ids = try store.managerRows.unassignedLeads()
            for id in ids { try LeadTriage(store: store).assign(id, login: login, actor: actor) }
            return ids
        }
    }
}
