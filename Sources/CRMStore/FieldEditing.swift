import CRMCore

/// The operator's custom_data fields on a lead, as ``CustomFieldEdit`` decides: set, remove,
/// move, and the console's save (all three as one operation); each audited and undoable.
struct FieldEditing {
    /// The store: its clock, audit and repositories.
    let store: Store

    /// Sets (adds or replaces, by title) a field; `scope` says whether it is an operation of its own.
    func set(_ id: Int64, _ field: LeadField, actor: String, _ scope: UndoableOperation.Scope) throws {
        try CustomFieldEdit.check(field)
        try UndoableOperation(store: store).run(lead: id, actor: actor, scope) {
            let edit = CustomFieldEdit.setting(field, in: try store.requireLead(id).fields)
            if let index = edit.index {
                try store.customFields.set(field, lead: id, at: index)
            } else {
                try store.customFields.insert(field, lead: id, at: edit.fields.count - 1)
            }
            try store.audit(
                actor: actor, lead: id, action: "field", field: field.title, before: edit.before, after: field.content)
            try store.bumpVersion(id)
        }
    }

    /// Removes the field titled `title`.
    func remove(_ id: Int64, title: String, actor: String, _ scope: UndoableOperation.Scope) throws {
        try UndoableOperation(store: store).run(lead: id, actor: actor, scope) {
            let edit = try CustomFieldEdit.removing(title: title, from: try store.requireLead(id).fields, lead: id)
            try store.customFields.replace(lead: id, with: edit.fields)
            try store.audit(
                actor: actor, lead: id, action: "field", field: edit.field.title, before: edit.before, after: nil,
                detail: "removed")
            try store.bumpVersion(id)
        }
    }

    /// Moves the field at `from` to position `to` (0-based).
    func move(_ id: Int64, from: Int, to: Int, actor: String, _ scope: UndoableOperation.Scope) throws {
        try UndoableOperation(store: store).run(lead: id, actor: actor, scope) {
            let edit = try CustomFieldEdit.moving(from: from, to: to, in: try store.requireLead(id).fields, lead: id)
            try store.customFields.replace(lead: id, with: edit.fields)
            try store.audit(
                actor: actor, lead: id, action: "field", field: edit.field.title,
                detail: "moved from \(from + 1) to \(to + 1)")
            try store.bumpVersion(id)
        }
    }

    /// Saves the console's field form as one operation (``Store/saveField(_:_:replacing:position:actor:)``),
    /// refused when the field it edits (`original`) reads otherwise now, or when it would take
    /// the title of another field of the lead (a new field, or one renamed).
    func save(_ id: Int64, _ field: LeadField, replacing original: LeadField?, position: Int?, actor: String) throws {
        try UndoableOperation(store: store).run(lead: id, actor: actor, .own) {
            let fields = try store.requireLead(id).fields
            // The field as the form opened it must still read so: another operator's change
            // since is not written over.
            if let original, fields.first(where: { $0.title == original.title }) != original {
                throw CRMError.conflict(
                    "field \"\(original.title)\" of lead #\(id) was changed or removed elsewhere since this form "
                        + "opened; nothing was changed: close it (Esc) and edit the field as it reads now")
            }
            // Nor is another field that has (or has since been given) the title this one takes.
            if field.title != original?.title, let other = fields.first(where: { $0.title == field.title }) {
                throw CRMError.conflict(
                    "lead #\(id) has a field \"\(other.title)\" already (it reads '\(other.content)'); nothing was "
                        + "changed: give this one another title, or edit that one")
            }
            let replacing = original?.title
            if let replacing, replacing != field.title { try remove(id, title: replacing, actor: actor, .enclosed) }
            try set(id, field, actor: actor, .enclosed)
            if let position, replacing != field.title, let count = try store.lead(id)?.fields.count {
                try move(id, from: count - 1, to: position, actor: actor, .enclosed)
            }
        }
    }
}
