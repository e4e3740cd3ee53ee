import CRMCore

/// The operator's triage of a lead: its status and the manager responsible for it; each
/// audited and undoable.
struct LeadTriage {
    /// The store: its clock, audit and repositories.
    let store: Store

    /// Sets a lead's triage status (nothing when it has it already).
    func setStatus(_ id: Int64, _ status: LeadStatus, actor: String) throws {
        try UndoableOperation(store: store).run(lead: id, actor: actor, .own) {
            let lead = try store.requireLead(id)
            guard lead.status != status else { return }
            try store.leadValues.set(.status, lead: id, to: .text(status.rawValue))
            try store.audit(
                actor: actor, lead: id, action: "status", field: "status", before: lead.status.rawValue,
                after: status.rawValue)
            try store.bumpVersion(id)
        }
    }

    /// Makes the active manager `login` responsible for the lead and its open tasks (nothing
    /// when they are already).
    func assign(_ id: Int64, login: String, actor: String) throws {
        try UndoableOperation(store: store).run(lead: id, actor: actor, .own) {
            let lead = try store.requireLead(id)
            let manager = try ManagerEditing(store: store).active(login)
            guard lead.manager?.id != manager.id else { return }
            try store.managerRows.setManager(manager.id, lead: id)
            try store.taskRows.reassignOpen(lead: id, to: manager.id)
            try store.audit(
                actor: actor, lead: id, action: "assign", field: "manager", before: lead.manager?.login,
                after: manager.login, detail: "rule: operator")
            try store.bumpVersion(id)
        }
    }
}
