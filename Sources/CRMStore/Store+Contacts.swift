import CRMCore

extension Store {
    /// Applies `change` to the emails (`field` `.email`) or phones (`.phone`) of lead `id`, as
    /// ``ContactListEdit`` decides. Audited and undoable. With `of`, the change is to that value
    /// wherever it stands now (another operator may have moved it), and refused when the lead
    /// holds it no more: its position was read before the list changed.
    public func changeContacts(
        _ id: Int64, _ field: ContactField, _ change: ContactChange, of value: String? = nil, actor: String
    ) throws {
        try ContactEditing(store: self).changeContacts(id, field, change, of: value, actor: actor)
    }
}
