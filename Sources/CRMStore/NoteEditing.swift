import CRMCore

/// The operator's notes on a lead's timeline: added, edited and deleted (only by their
/// author), each audited and undoable.
struct NoteEditing {
    /// The store: its clock, audit and repositories.
    let store: Store

    /// Adds a note to lead `id`; returns the note's id.
    func add(_ id: Int64, text: String, actor: String) throws -> Int64 {
        let text = try NoteRules.newText(text)
        return try UndoableOperation(store: store).run(lead: id, actor: actor, .own) {
            _ = try store.requireLead(id)
            let note = try store.noteRows.add(lead: id, at: store.clock(), author: actor, text: text)
            try store.audit(actor: actor, lead: id, action: "note", detail: "note #\(note) added")
            try store.touchActivity(id, at: store.clock())
            return note
        }
    }

    /// Replaces the text of note `id` (nothing when it is the same); with `original`, only
    /// while the note still reads so.
    func edit(_ id: Int64, text: String, original: String?, actor: String) throws {
        let text = try NoteRules.editedText(text)
        let note = try own(id, actor: actor, doing: "edit")
        guard note.text != text else { return }
        if let original, original != note.text {
            throw CRMError.conflict(
                "note #\(id) was edited elsewhere since this editor opened it; nothing was changed: "
                    + "close it (Esc) and edit the note as it reads now")
        }
        try UndoableOperation(store: store).run(lead: note.lead, actor: actor, .own) {
            try store.noteRows.setText(id, text)
            try store.audit(
                actor: actor, lead: note.lead, action: "note", field: "note", before: note.text, after: text,
                detail: "note #\(id) edited")
        }
    }

    /// Deletes note `id`.
    func delete(_ id: Int64, actor: String) throws {
        let note = try own(id, actor: actor, doing: "delete")
        try UndoableOperation(store: store).run(lead: note.lead, actor: actor, .own) {
            try store.noteRows.delete(id)
            try store.audit(
                actor: actor, lead: note.lead, action: "note", field: "note", before: note.text,
                detail: "note #\(id) deleted")
        }
    }

    /// Note `id` as (lead, text), or an error when there is none or `actor` did not write it.
    private func own(_ id: Int64, actor: String, doing verb: String) throws -> (lead: Int64, text: String) {
        guard let note = try store.noteRows.note(id) else {
            throw CRMError.notFound(.note, "there is no note #\(id)")
        }
        try NoteRules.requireAuthor(note.author, of: id, actor: actor, doing: verb)
        return (note.lead, note.text)
    }
}
