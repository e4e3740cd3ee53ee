import CRMCore

extension Store {
    /// Applies `change` to the emails (`field` `.email`) or phones (`.phone`) of lead `id`, as
    /// ``ContactListEdit`` decides. Audited and undoable.
    public func changeContacts(_ id: Int64, _ field: ContactField, _ change: ContactChange, actor: String) throws {
        try ContactEditing(store: self).changeContacts(id, field, change, actor: actor)
    }
}
