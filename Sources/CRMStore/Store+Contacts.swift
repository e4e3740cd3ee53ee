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

    /// The lead besides lead `id` that holds `value` (an email or a phone as typed, compared
    /// normalized): the lowest numbered one not merged away, which a visitor giving that value
    /// is matched to first. Nil when no other lead holds it or it is not an email or phone.
    public func otherLead(holding value: String, _ field: ContactField, besides id: Int64) throws -> Int64? {
        let normalizer = settings.normalizer
        guard let normalized = field == .email ? normalizer.email(value) : normalizer.phone(value) else { return nil }
        return try contactLists.otherHolder(field, normalized: normalized, besides: id)
    }
}
