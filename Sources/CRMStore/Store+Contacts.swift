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

    /// The first of `values` (emails and phones as typed, compared normalized; nil ones and
    /// ones that are not an email or phone skipped) that a lead besides lead `id` holds, with
    /// that lead: the lowest numbered one not merged away, which a visitor giving the value is
    /// matched to first. Nil when no other lead holds any.
    public func otherLead(
        holdingAnyOf values: [(field: ContactField, value: String?)], besides id: Int64
    ) throws -> (value: String, lead: Int64)? {
        let normalizer = settings.normalizer
        for case (let field, let value?) in values {
            guard let normalized = field == .email ? normalizer.email(value) : normalizer.phone(value),
                let other = try contactLists.otherHolder(field, normalized: normalized, besides: id)
            else { continue }
            return (value, other)
        }
        return nil
    }
}
