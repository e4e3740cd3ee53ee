import CRMCore

extension Store {
    /// Makes the active manager `login` responsible for the lead (and its open tasks).
    public func assign(_ id: Int64, login: String, actor: String) throws {
        try operation(lead: id, actor: actor) {
            let lead = try requireLead(id)
            let manager = try activeManager(login)
            guard lead.manager?.id != manager.id else { return }
            try managerRows.setManager(manager.id, lead: id)
            try taskRows.reassignOpen(lead: id, to: manager.id)
            try audit(
                actor: actor, lead: id, action: "assign", field: "manager", before: lead.manager?.login,
                after: manager.login, detail: "rule: operator")
            try bumpVersion(id)
        }
    }

    /// The active manager `login`, or a not-found error naming the active ones.
    func activeManager(_ login: String) throws -> Manager {
        guard let manager = try managerRows.manager(login: login), manager.isActive else {
            let active = try managerRows.all().filter(\.isActive).map(\.login)
            throw CRMError.notFound(
                .manager,
                "no active manager with login '\(login)'"
                    + (active.isEmpty
                        ? "; there are no active managers" : "; active: " + active.joined(separator: ", ")))
        }
        return manager
    }

    /// Adds a manager, or updates the name and default flag of an existing one (reactivating it).
    /// Making one the default clears the flag on the others.
    @discardableResult
    public func addManager(login: String, name: String, isDefault: Bool, actor: String) throws -> Manager {
        let login = try Manager.login(login)
        return try database.write {
            try managerRows.save(login: login, name: name.isEmpty ? login : name, isDefault: isDefault, at: clock())
            try audit(
                actor: actor, lead: nil, action: "manager", field: login, after: name,
                detail: isDefault ? "default" : nil)
            guard let manager = try managerRows.manager(login: login) else {
                throw StoreError(kind: .other, message: "the manager '\(login)' was not saved")
            }
            return manager
        }
    }

    /// Deactivates a manager: they keep their leads but get no new ones.
    public func deactivateManager(login: String, actor: String) throws {
        try database.write {
            guard try managerRows.manager(login: login) != nil else {
                throw CRMError.notFound(.manager, "no manager with login '\(login)'")
            }
            try managerRows.deactivate(login: login)
            try audit(actor: actor, lead: nil, action: "manager", field: login, detail: "deactivated")
        }
    }
}
