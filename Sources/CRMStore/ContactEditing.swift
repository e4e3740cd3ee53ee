import CRMCore

/// The operator's edits of a lead's contact data: the contact fields and crm_link as
/// ``ContactEditPlan`` decides, and the email and phone lists as ``ContactListEdit`` decides;
/// each audited and undoable (``UndoableOperation``).
struct ContactEditing {
    /// The store: its settings, clock, audit and repositories.
    let store: Store

    /// Applies an edit after judging it against ``ContactLimits`` (``Store/edit(_:_:actor:expectedVersion:)``).
    func edit(_ id: Int64, _ edit: ContactEdit, actor: String, expectedVersion: Int64?) throws -> Lead {
        let problems = edit.problems(normalizer: store.settings.normalizer)
        guard problems.isEmpty else {
            throw CRMError.invalidArgument(problems.joined(separator: "; ") + "; nothing was changed")
        }
        return try apply(id, edit, actor: actor, expectedVersion: expectedVersion, .own)
    }

    /// Applies `edit` as ``ContactEditPlan`` decides, without judging it against
    /// ``ContactLimits``: for values another lead already holds (a merge's chosen values,
    /// `scope` `.enclosed`: undone with the merge), which may predate the limits. With
    /// `expectedVersion`, fails when the lead changed since the operator read it.
    @discardableResult
    func apply(
        _ id: Int64, _ edit: ContactEdit, actor: String, expectedVersion: Int64?, _ scope: UndoableOperation.Scope,
        keepingReplaced: Bool = false
    ) throws -> Lead {
        try UndoableOperation(store: store).run(lead: id, actor: actor, scope) {
            let lead = try store.requireLead(id)
            if let expectedVersion, expectedVersion != lead.version {
                throw CRMError.conflict(
                    "lead #\(id) changed since it was opened (version \(expectedVersion), now \(lead.version)); "
                        + "reload it and apply the edit again")
            }
            let plan = try ContactEditPlan(lead: lead, edit: edit, normalizer: store.settings.normalizer)
            for change in plan.changes {
                try apply(change, to: lead, actor: actor, keepingReplaced: keepingReplaced)
            }
            if !plan.changes.isEmpty {
                try store.bumpVersion(id)
                try store.refreshSearch(id)
            }
            return try store.requireLead(id)
        }
    }

    /// Carries out one change of a ``ContactEditPlan`` on `lead`, audited. `keepingReplaced`: a
    /// new primary email or phone leaves the one it replaces on the lead as an additional value
    /// (a merge keeps every value of both leads), and none is removed.
    private func apply(_ change: ContactEditPlan.Change, to lead: Lead, actor: String, keepingReplaced: Bool) throws {
        let field = change.field.rawValue
        switch change {
        case .text(let contact, let before, let after):
            if contact == .name { try titleFollowsName(lead, name: after, actor: actor) }
            if let column = LeadValueRepository.Column(contact) {
                try store.leadValues.set(column, lead: lead.id, to: .text(after))
            }
            try store.audit(actor: actor, lead: lead.id, action: "edit", field: field, before: before, after: after)
        case .link(let before, let after):
            try store.leadValues.set(.crmLink, lead: lead.id, to: after.isEmpty ? .null : .text(after))
            try store.audit(actor: actor, lead: lead.id, action: "edit", field: field, before: before, after: after)
        case .primary(let contact, let before, let after):
            if keepingReplaced, after == nil { return }
            if let before, before.normalized != after?.normalized, !keepingReplaced {
                try store.contactLists.remove(contact, lead: lead.id, normalized: before.normalized)
            }
            if let after {
                try store.contactLists.remove(contact, lead: lead.id, normalized: after.normalized)
                try store.contactLists.insertFirst(
                    contact, lead: lead.id, value: after.value, normalized: after.normalized)
            }
            try store.audit(
                actor: actor, lead: lead.id, action: "edit", field: field, before: before?.value,
                after: after?.value ?? "")
        }
    }

    /// Applies `change` to the emails (`field` `.email`) or phones (`.phone`) of lead `id`
    /// (``Store/changeContacts(_:_:_:of:actor:)``).
    func changeContacts(
        _ id: Int64, _ field: ContactField, _ change: ContactChange, of value: String?, actor: String
    ) throws {
        try ContactListEdit.requireList(field)
        try UndoableOperation(store: store).run(lead: id, actor: actor, .own) {
            let lead = try store.requireLead(id)
            let values = field == .email ? lead.emails : lead.phones
            var change = change
            if let value {
                guard let position = values.firstIndex(where: { $0.value == value }) else {
                    throw CRMError.conflict(
                        "lead #\(id) no longer has the \(field.rawValue) \(value) (another operator changed its "
                            + "\(field.rawValue)s); nothing was changed: look at them again")
                }
                change = change.at(position)
            }
            let edit = try ContactListEdit(
                lead: id, field: field, values: values, change: change, normalizer: store.settings.normalizer)
            try store.contactLists.replace(field, lead: id, with: edit.values)
            try store.audit(
                actor: actor, lead: id, action: "contacts", field: field.rawValue, before: edit.before,
                after: edit.after, detail: edit.detail)
            try store.bumpVersion(id)
            try store.refreshSearch(id)
        }
    }

    /// Once a lead created without a name learns one, its automatic title follows
    /// (``Lead/title(followingName:)``). Audited as `actor`.
    func titleFollowsName(_ lead: Lead, name: String, actor: String) throws {
        guard let title = lead.title(followingName: name) else { return }
        try store.leadValues.set(.title, lead: lead.id, to: .text(title))
        try store.audit(
            actor: actor, lead: lead.id, action: "title", field: "title", before: lead.title, after: title,
            detail: "follows the name")
    }
}
