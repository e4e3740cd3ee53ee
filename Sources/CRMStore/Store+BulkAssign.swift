import CRMCore

extension Store {
    /// Assigns every live lead without a manager to the active manager `login`, in one
    /// transaction, each audited as an operator's assignment; returns the leads assigned.
    public func assignUnassigned(login: String, actor: String) throws -> [Int64] {
        try database.write {
            guard let manager = try manager(login: login), manager.isActive else {
                throw CRMError.notFound(
                    "no active manager with login '\(login)'; `jivocrm managers` lists them, "
                        + "`jivocrm managers add LOGIN --name NAME` adds one")
            }
            let ids = try database.rows(
                "SELECT id FROM leads WHERE manager_id IS NULL AND merged_into IS NULL ORDER BY id"
            ) { $0.int(0) }
            for id in ids { try assign(id, login: login, actor: actor) }
            return ids
        }
    }
}
