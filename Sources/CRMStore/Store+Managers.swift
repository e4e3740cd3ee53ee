import CRMCore

extension Store {
    /// Makes the active manager `login` responsible for the lead (and its open tasks); with
    /// `seen` (the manager's login the operator saw, "" for none), refused when another
    /// operator changed the manager since.
    public func assign(_ id: Int64, login: String, actor: String, seen: String? = nil) throws {
        try LeadTriage(store: self).assign(id, login: login, actor: actor, seen: seen)
    }

    /// Adds a manager, or updates the name and default flag of an existing one (reactivating it).
    /// Making one the default clears the flag on the others.
    @discardableResult
    public func addManager(login: String, name: String, isDefault: Bool, actor: String) throws -> Manager {
        try ManagerEditing(store: self).add(login: login, name: name, isDefault: isDefault, actor: actor)
    }

    /// Deactivates a manager: they keep their leads but get no new ones.
    public func deactivateManager(login: String, actor: String) throws {
        try ManagerEditing(store: self).deactivate(login: login, actor: actor)
    }
}
