/// The rules for an operator's notes: a note has text, and only its author edits or deletes it.
public enum NoteRules {
    /// The text of a new note, trimmed; an error when nothing is left.
    public static func newText(_ text: String) throws(CRMError) -> String {
        let text = text.trimmingWhitespace
        guard !text.isEmpty else { throw CRMError.invalidArgument("a note needs some text") }
        return text
    }

    /// The replacement text of a note, trimmed; an error (pointing at deleting) when nothing is left.
    public static func editedText(_ text: String) throws(CRMError) -> String {
        let text = text.trimmingWhitespace
        guard !text.isEmpty else {
            throw CRMError.invalidArgument("a note needs some text; to remove it, delete it instead")
        }
        return text
    }

    /// Checks that `actor` wrote note `id` (by `author`) and so may `verb` ("edit", "delete") it.
    public static func requireAuthor(_ author: String, of id: Int64, actor: String, doing verb: String)
        throws(CRMError)
    {
        guard author == actor else {
            throw CRMError.conflict(
                "note #\(id) was written by \(author); only its author can \(verb) it (add a note of your own instead)"
            )
        }
    }
}
