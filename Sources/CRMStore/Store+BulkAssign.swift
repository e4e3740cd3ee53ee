import CRMCore

extension Store {
    /// Assigns every live lead without a manager to the active manager `login`, in one
    /// transaction, each audited as an operator's assignment; returns the leads assigned.
    public func assignUnassigned(login: String, actor: String) throws -> [Int64] {
        try database.write {
            _ = try activeManager(login)
            let ids = try managerRows.unassignedLeads()
            for id in ids { try assign(id, login: login, actor: actor) }
            return ids
        }
    }
}
