import CRMCore
import JivoProtocol

extension Store {
    /// Lead `id`, or a not-found error naming it.
    func requireLead(_ id: Int64) throws -> Lead {
        guard let lead = try lead(id) else { throw CRMError.notFound(.lead, "there is no lead #\(id)") }
        return lead
    }

    /// Applies an operator's edit of contact data and crm_link. Fails without changing
    /// anything when the edit breaks ``ContactLimits`` (saying every problem), or, with
    /// `expectedVersion`, when the lead changed since the operator read it.
    @discardableResult
    public func edit(
        _ id: Int64, _ edit: ContactEdit, actor: String, expectedVersion: Int64? = nil
    ) throws -> Lead {
        let problems = edit.problems(normalizer: settings.normalizer)
        guard problems.isEmpty else {
            throw CRMError.invalidArgument(problems.joined(separator: "; ") + "; nothing was changed")
        }
        return try applyEdit(id, edit, actor: actor, expectedVersion: expectedVersion)
    }

    /// Applies `edit` as ``ContactEditPlan`` decides, without judging it against
    /// ``ContactLimits``: for values another lead already holds (a merge's chosen values),
    /// which may predate the limits.
    @discardableResult
    func applyEdit(_ id: Int64, _ edit: ContactEdit, actor: String, expectedVersion: Int64? = nil) throws -> Lead {
        try operation(lead: id, actor: actor) {
            let lead = try requireLead(id)
            if let expectedVersion, expectedVersion != lead.version {
                throw CRMError.conflict(
                    "lead #\(id) changed since it was opened (version \(expectedVersion), now \(lead.version)); "
                        + "reload it and apply the edit again")
            }
            let plan = try ContactEditPlan(lead: lead, edit: edit, normalizer: settings.normalizer)
            for change in plan.changes {
                try apply(change, to: lead, actor: actor)
            }
            if !plan.changes.isEmpty {
                try bumpVersion(id)
                try refreshSearch(id)
            }
            return try requireLead(id)
        }
    }

    /// Carries out one change of a ``ContactEditPlan`` on `lead`, audited.
    private func apply(_ change: ContactEditPlan.Change, to lead: Lead, actor: String) throws {
        let field = change.field.rawValue
        switch change {
        case .text(let contact, let before, let after):
            if contact == .name { try titleFollowsName(lead, name: after, actor: actor) }
            if let column = LeadValueRepository.Column(contact) {
                try leadValues.set(column, lead: lead.id, to: .text(after))
            }
            try audit(actor: actor, lead: lead.id, action: "edit", field: field, before: before, after: after)
        case .link(let before, let after):
            try leadValues.set(.crmLink, lead: lead.id, to: after.isEmpty ? .null : .text(after))
            try audit(actor: actor, lead: lead.id, action: "edit", field: field, before: before, after: after)
        case .primary(let contact, let before, let after):
            if let before, before.normalized != after?.normalized {
                try contactLists.remove(contact, lead: lead.id, normalized: before.normalized)
            }
            if let after {
                try contactLists.remove(contact, lead: lead.id, normalized: after.normalized)
                try contactLists.insertFirst(contact, lead: lead.id, value: after.value, normalized: after.normalized)
            }
            try audit(
                actor: actor, lead: lead.id, action: "edit", field: field, before: before?.value,
                after: after?.value ?? "")
        }
    }

    /// Sets (adds or replaces, by title) an operator custom_data field (``CustomFieldEdit``).
    public func setField(_ id: Int64, _ field: LeadField, actor: String) throws {
        try CustomFieldEdit.check(field)
        try operation(lead: id, actor: actor) {
            let edit = CustomFieldEdit.setting(field, in: try requireLead(id).fields)
            if let index = edit.index {
                try customFields.set(field, lead: id, at: index)
            } else {
                try customFields.insert(field, lead: id, at: edit.fields.count - 1)
            }
            try audit(
                actor: actor, lead: id, action: "field", field: field.title, before: edit.before, after: field.content)
            try bumpVersion(id)
        }
    }

    /// Removes the custom field titled `title`.
    public func removeField(_ id: Int64, title: String, actor: String) throws {
        try operation(lead: id, actor: actor) {
            let edit = try CustomFieldEdit.removing(title: title, from: try requireLead(id).fields, lead: id)
            try customFields.replace(lead: id, with: edit.fields)
            try audit(
                actor: actor, lead: id, action: "field", field: edit.field.title, before: edit.before, after: nil,
                detail: "removed")
            try bumpVersion(id)
        }
    }

    /// Moves the custom field at `from` to position `to` (0-based).
    public func moveField(_ id: Int64, from: Int, to: Int, actor: String) throws {
        try operation(lead: id, actor: actor) {
            let edit = try CustomFieldEdit.moving(from: from, to: to, in: try requireLead(id).fields, lead: id)
            try customFields.replace(lead: id, with: edit.fields)
            try audit(
                actor: actor, lead: id, action: "field", field: edit.field.title,
                detail: "moved from \(from + 1) to \(to + 1)")
            try bumpVersion(id)
        }
    }

    /// Sets a lead's triage status.
    public func setStatus(_ id: Int64, _ status: LeadStatus, actor: String) throws {
        try operation(lead: id, actor: actor) {
            let lead = try requireLead(id)
            guard lead.status != status else { return }
            try leadValues.set(.status, lead: id, to: .text(status.rawValue))
            try audit(
                actor: actor, lead: id, action: "status", field: "status", before: lead.status.rawValue,
                after: status.rawValue)
            try bumpVersion(id)
        }
    }

    /// Marks the lead's chats read (the console opened its transcript).
    public func markRead(_ id: Int64) throws {
        try database.write {
            try database.run("UPDATE chats SET unread = 0 WHERE lead_id = ? AND unread = 1", [.integer(id)])
        }
    }
}
