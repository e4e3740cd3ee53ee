import CRMCore

extension Store {
    /// Applies `change` to the emails (`field` `.email`) or phones (`.phone`) of lead `id`, as
    /// ``ContactListEdit`` decides. Audited and undoable.
    public func changeContacts(_ id: Int64, _ field: ContactField, _ change: ContactChange, actor: String) throws {
        try ContactListEdit.requireList(field)
        try operation(lead: id, actor: actor) {
            let lead = try requireLead(id)
            let edit = try ContactListEdit(
                lead: id, field: field, values: field == .email ? lead.emails : lead.phones, change: change,
                normalizer: settings.normalizer)
            try contactLists.replace(field, lead: id, with: edit.values)
            try audit(
                actor: actor, lead: id, action: "contacts", field: field.rawValue, before: edit.before,
                after: edit.after, detail: edit.detail)
            try bumpVersion(id)
            try refreshSearch(id)
        }
    }
}
