import CRMCore

extension Store {
    /// Replaces the text of note `id`; only its author may. Audited and undoable.
    public func editNote(_ id: Int64, text: String, actor: String) throws {
        let text = text.trimmingWhitespace
        guard !text.isEmpty else {
            throw CRMError.invalidArgument("a note needs some text; to remove it, delete it instead")
        }
        let note = try ownNote(id, actor: actor, doing: "edit")
        guard note.text != text else { return }
        try operation(lead: note.lead, actor: actor) {
            try database.run("UPDATE notes SET text = ? WHERE id = ?", [.text(text), .integer(id)])
            try audit(
                actor: actor, lead: note.lead, action: "note", field: "note", before: note.text, after: text,
                detail: "note #\(id) edited")
        }
    }

    /// Deletes note `id`; only its author may. Audited and undoable.
    public func deleteNote(_ id: Int64, actor: String) throws {
        let note = try ownNote(id, actor: actor, doing: "delete")
        try operation(lead: note.lead, actor: actor) {
            try database.run("DELETE FROM notes WHERE id = ?", [.integer(id)])
            try audit(
                actor: actor, lead: note.lead, action: "note", field: "note", before: note.text,
                detail: "note #\(id) deleted")
        }
    }

    /// Note `id` as (lead, text), or an error when there is none or `actor` did not write it.
    private func ownNote(_ id: Int64, actor: String, doing verb: String) throws -> (lead: Int64, text: String) {
        guard
            let note = try database.first(
                "SELECT lead_id, author, text FROM notes WHERE id = ?", [.integer(id)],
                { (lead: $0.int(0), author: $0.text(1), text: $0.text(2)) })
        else {
            throw CRMError.notFound("there is no note #\(id); `jivocrm show LEAD` lists a lead's notes")
        }
        guard note.author == actor else {
            throw CRMError.conflict(
                "note #\(id) was written by \(note.author); only its author can \(verb) it (add a note of your own instead)"
            )
        }
        return (note.lead, note.text)
    }
}
