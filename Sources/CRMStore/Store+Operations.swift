import CRMCore

extension Store {
    /// Lead `id`, or a not-found error naming it.
    func requireLead(_ id: Int64) throws -> Lead {
        guard let lead = try lead(id) else { throw CRMError.notFound(.lead, "there is no lead #\(id)") }
        return lead
    }

    /// Applies an operator's edit of contact data and crm_link (``ContactEditing``). Fails
    /// without changing anything when the edit breaks ``ContactLimits`` (saying every problem),
    /// or, with `expectedVersion`, when the lead changed since the operator read it.
    @discardableResult
    public func edit(_ id: Int64, _ edit: ContactEdit, actor: String, expectedVersion: Int64? = nil) throws -> Lead {
        try ContactEditing(store: self).edit(id, edit, actor: actor, expectedVersion: expectedVersion)
    }

    /// Sets (adds or replaces, by title) an operator custom_data field (``CustomFieldEdit``).
    public func setField(_ id: Int64, _ field: LeadField, actor: String) throws {
        try FieldEditing(store: self).set(id, field, actor: actor, .own)
    }

    /// Removes the custom field titled `title`.
    public func removeField(_ id: Int64, title: String, actor: String) throws {
        try FieldEditing(store: self).remove(id, title: title, actor: actor, .own)
    }

    /// Moves the custom field at `from` to position `to` (0-based).
    public func moveField(_ id: Int64, from: Int, to: Int, actor: String) throws {
        try FieldEditing(store: self).move(id, from: from, to: to, actor: actor, .own)
    }

    /// Saves a field form as one undoable operation: the field `replacing` (the form's field as
    /// it opened; nil for a new one) is removed when the title changed, `field` set, and a new
    /// title moved to `position`. Refused, changing nothing, when the lead's field of that title
    /// reads otherwise now (another operator changed or removed it since the form opened).
    public func saveField(
        _ id: Int64, _ field: LeadField, replacing: LeadField?, position: Int?, actor: String
    ) throws {
        try FieldEditing(store: self).save(id, field, replacing: replacing, position: position, actor: actor)
    }

    /// Sets a lead's triage status; with `seen`, refused when another operator changed the
    /// status since the operator saw it.
    public func setStatus(_ id: Int64, _ status: LeadStatus, actor: String, seen: LeadStatus? = nil) throws {
        try LeadTriage(store: self).setStatus(id, status, actor: actor, seen: seen)
    }

    /// Marks the lead's chats read (the console opened its transcript).
    public func markRead(_ id: Int64) throws {
        try database.write { try ChatRepository(database: database).markRead(lead: id) }
    }
}
