import CRMCore

extension Store {
    /// Assigns every live lead without a manager to the active manager `login`, in one
    /// transaction, each audited as an operator's assignment; returns the leads assigned.
    public func assignUnassigned(login: String, actor: String) throws -> [Int64] {
        try BulkUpdate(store: self).assignUnassigned(login: login, actor: actor)
    }
}
