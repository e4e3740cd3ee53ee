import CRMCore

extension Store {
    /// Adds a note to a lead's timeline; returns the note's id.
    @discardableResult
    public func addNote(_ id: Int64, text: String, actor: String) throws -> Int64 {
        try NoteEditing(store: self).add(id, text: text, actor: actor)
    }

    /// Replaces the text of note `id`; only its author may. Audited and undoable. With
    /// `original` (the text the editor opened), refused when the note's text changed since.
    public func editNote(_ id: Int64, text: String, original: String? = nil, actor: String) throws {
        try NoteEditing(store: self).edit(id, text: text, original: original, actor: actor)
    }

    /// Deletes note `id`; only its author may. Audited and undoable.
    public func deleteNote(_ id: Int64, actor: String) throws { try NoteEditing(store: self).delete(id, actor: actor) }
}
