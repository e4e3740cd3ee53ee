import CRMCore

extension Store {
    /// Adds a note to a lead's timeline; returns the note's id.
    @discardableResult
    public func addNote(_ id: Int64, text: String, actor: String) throws -> Int64 {
        let text = text.trimmingWhitespace
        guard !text.isEmpty else { throw CRMError.invalidArgument("a note needs some text") }
        return try operation(lead: id, actor: actor) {
            _ = try requireLead(id)
            let note = try noteRows.add(lead: id, at: clock(), author: actor, text: text)
            try audit(actor: actor, lead: id, action: "note", detail: "note #\(note) added")
            try touchActivity(id, at: clock())
            return note
        }
    }

    /// Replaces the text of note `id`; only its author may. Audited and undoable.
    public func editNote(_ id: Int64, text: String, actor: String) throws {
        let text = text.trimmingWhitespace
        guard !text.isEmpty else {
            throw CRMError.invalidArgument("a note needs some text; to remove it, delete it instead")
        }
        let note = try ownNote(id, actor: actor, doing: "edit")
        guard note.text != text else { return }
        try operation(lead: note.lead, actor: actor) {
            try noteRows.setText(id, text)
            try audit(
                actor: actor, lead: note.lead, action: "note", field: "note", before: note.text, after: text,
                detail: "note #\(id) edited")
        }
    }

    /// Deletes note `id`; only its author may. Audited and undoable.
    public func deleteNote(_ id: Int64, actor: String) throws {
        let note = try ownNote(id, actor: actor, doing: "delete")
        try operation(lead: note.lead, actor: actor) {
            try noteRows.delete(id)
            try audit(
                actor: actor, lead: note.lead, action: "note", field: "note", before: note.text,
                detail: "note #\(id) deleted")
        }
    }

    /// Note `id` as (lead, text), or an error when there is none or `actor` did not write it.
    private func ownNote(_ id: Int64, actor: String, doing verb: String) throws -> (lead: Int64, text: String) {
        guard let note = try noteRows.note(id) else { throw CRMError.notFound(.note, "there is no note #\(id)") }
        guard note.author == actor else {
            throw CRMError.conflict(
                "note #\(id) was written by \(note.author); only its author can \(verb) it (add a note of your own instead)"
            )
        }
        return (note.lead, note.text)
    }
}
