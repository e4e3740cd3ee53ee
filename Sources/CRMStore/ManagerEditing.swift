import CRMCore

/// The managers an operator adds and deactivates, audited, and the active one a use case needs.
struct ManagerEditing {
    /// The store: its clock, audit and repositories.
    let store: Store

    /// The active manager `login`, or a not-found error naming the active ones.
    func active(_ login: String) throws -> Manager {
        guard let manager = try store.managerRows.manager(login: login), manager.isActive else {
            let active = try store.managerRows.all().filter(\.isActive).map(\.login)
            throw CRMError.notFound(
                .manager,
                "no active manager with login '\(login)'"
                    + (active.isEmpty
                        ? "; there are no active managers" : "; active: " + active.joined(separator: ", ")))
        }
        return manager
    }

    /// Adds a manager or updates one (``Store/addManager(login:name:isDefault:actor:)``).
    func add(login: String, name: String, isDefault: Bool, actor: String) throws -> Manager {
        let login = try Manager.login(login)
        return try store.database.write {
            try store.managerRows.save(
                login: login, name: Manager.name(name, login: login), isDefault: isDefault, at: store.clock())
            store.managerList.managersChanged()
            try store.audit(
                actor: actor, lead: nil, action: "manager", field: login, after: name,
                detail: isDefault ? "default" : nil)
            guard let manager = try store.managerRows.manager(login: login) else {
                throw StoreError(kind: .other, message: "the manager '\(login)' was not saved")
            }
            return manager
        }
    }

    /// Deactivates a manager: they keep their leads but get no new ones.
    func deactivate(login: String, actor: String) throws {
        try store.database.write {
            guard try store.managerRows.manager(login: login) != nil else {
                throw CRMError.notFound(.manager, "no manager with login '\(login)'")
            }
            try store.managerRows.deactivate(login: login)
            store.managerList.managersChanged()
            try store.audit(actor: actor, lead: nil, action: "manager", field: login, detail: "deactivated")
        }
    }
}
