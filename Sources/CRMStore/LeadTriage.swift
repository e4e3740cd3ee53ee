import CRMCore

/// The operator's triage of a lead: its status and the manager responsible for it; each
/// audited and undoable.
struct LeadTriage {
    /// The store: its clock, audit and repositories.
    let store: Store

    /// Sets a lead's triage status (nothing when it has it already); with `seen`, only while
    /// the lead's status is still the one the operator saw.
    func setStatus(_ id: Int64, _ status: LeadStatus, actor: String, seen: LeadStatus? = nil) throws {
        try UndoableOperation(store: store).run(lead: id, actor: actor, .own) {
            let lead = try store.requireLead(id)
            guard lead.status != status else { return }
            try Self.require(id, BulkChange.status(status), seen: seen?.rawValue, lead: lead)
            try store.leadValues.set(.status, lead: id, to: .text(status.rawValue))
            try store.audit(
                actor: actor, lead: id, action: "status", field: "status", before: lead.status.rawValue,
                after: status.rawValue)
            try store.bumpVersion(id)
        }
    }

    /// Makes the active manager `login` responsible for the lead and its open tasks (nothing
    /// when they are already); with `seen` (a login, "" for none), only while the lead's
    /// manager is still the one the operator saw.
    func assign(_ id: Int64, login: String, actor: String, seen: String? = nil) throws {
        try UndoableOperation(store: store).run(lead: id, actor: actor, .own) {
            let lead = try store.requireLead(id)
            let manager = try ManagerEditing(store: store).active(login)
            guard lead.manager?.id != manager.id else { return }
            try Self.require(id, BulkChange.assign(login: login), seen: seen, lead: lead)
            try store.managerRows.setManager(manager.id, lead: id)
            try store.taskRows.reassignOpen(lead: id, to: manager.id)
            try store.audit(
                actor: actor, lead: id, action: "assign", field: "manager", before: lead.manager?.login,
                after: manager.login, detail: "rule: operator")
            try store.bumpVersion(id)
        }
    }

    /// Refuses `change` on lead `id` when the value it replaces is not `seen` (another operator
    /// changed it since the operator chose): an operator's choice never writes over a newer one.
    static func require(_ id: Int64, _ change: BulkChange, seen: String?, lead: Lead) throws {
        guard let seen, let now = change.replaced(in: lead), now != seen else { return }
        throw CRMError.conflict(
            "lead #\(id) \(change.holding(now)): another operator changed it since you chose; nothing was changed, "
                + "choose again")
    }
}
