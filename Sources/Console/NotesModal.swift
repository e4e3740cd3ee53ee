import CRMCore
import DisplayText

/// Commands of the notes dialog.
public enum NotesCommand: Sendable, Hashable {
    /// Next note.
    case next
    /// Previous note.
    case previous
    /// Edit the highlighted note (one's own).
    case edit
    /// Delete it (one's own).
    case delete
    /// Undo the operator's last operation (a note deleted here comes back).
    case undo
    /// Close.
    case close
}

/// The open lead's notes, newest first; the operator edits and deletes their own.
public struct NotesModal: Sendable {
    /// The lead.
    public var leadID: Int64
    /// The highlighted note, by its id: another operator's change does not move it to another.
    public var selection = RowSelection<Int64>()

    /// The notes dialog of lead `leadID`, on its newest note.
    public init(leadID: Int64) {
        self.leadID = leadID
    }

    /// The keys of the dialog.
    public static let keymap = Keymap<NotesCommand>(
        title: "Notes",
        [
            KeyBinding([.down, .character("j")], .next, help: "Next note"),
            KeyBinding([.up, .character("k")], .previous, help: "Previous note"),
            KeyBinding([.enter, .character("e")], .edit, help: "Edit my note", hint: "edit"),
            KeyBinding([.character("d")], .delete, help: "Delete my note (u undoes it)", hint: "delete"),
            KeyBinding([.character("u")], .undo, help: "Undo my last change (a deleted note comes back)", hint: "undo"),
            KeyBinding([.escape], .close, help: "Close", hint: "close"),
        ])

    /// Draws the dialog for `notes` over `area`, times in `zone`.
    func render(_ notes: [NoteRecord], zone: LocalTime, on canvas: inout some Canvas, in area: Rect) {
        let selected = selection.index(in: notes.map(\.id))
        let lines =
            notes.isEmpty
            ? [StyledLine("No notes; press i on the lead to add one", .dim)]
            : notes.enumerated().map { index, note in
                StyledLine(
                    ConsoleTime.compact(note.at, zone) + Sanitizer.line(" \(note.author): ")
                        + Sanitizer.line(note.text),
                    index == selected ? .selected : .normal)
            }
        let inner = ModalView.box(
            on: &canvas, in: area, rows: lines.count + 2, columns: 72, title: Sanitizer.line("Notes on lead #\(leadID)")
        )
        canvas.drawLines(
            lines + [
                StyledLine(.empty), StyledLine("Enter edit · d delete (your own notes) · u undo · Esc close", .dim),
            ],
            in: inner, offset: 0)
    }
}

extension AppState {
    /// A key in the notes dialog.
    mutating func notesKey(_ key: Key, _ modal: NotesModal) -> [Effect] {
        guard let command = NotesModal.keymap.command(for: key) else { return [] }
        var modal = modal
        let notes = detail?.notes ?? []
        defer { if case .notes? = modals.last { modals[modals.count - 1] = .notes(modal) } }
        let keys = notes.map(\.id)
        let index = modal.selection.index(in: keys)
        let note = notes.indices.contains(index) ? notes[index] : nil
        switch command {
        case .next: modal.selection.move(1, in: keys)
        case .previous: modal.selection.move(-1, in: keys)
        case .close: modals.removeLast()
        case .undo: return [.undo(bulk: lastBulkOperations)]
        case .edit, .delete:
            guard let note, let lead = detail?.summary.lead.id else { return [] }
            guard note.author == operatorName else {
                notice = Notice(
                    text: Sanitizer.line("That note is \(note.author)'s; only its author can change it"), style: .error)
                return []
            }
            guard command == .edit else {
                // The highlight goes to the note that takes the deleted one's place.
                modal.selection.select(index, in: keys.filter { $0 != note.id })
                return [.deleteNote(note.id, lead: lead)]
            }
            let form = Form(
                title: "Edit the note", fields: [FormField(label: "Note", text: note.text, validate: Self.required)])
            modals.append(
                .form(FormModal(form: form, purpose: .editNote(noteID: note.id, lead: lead, original: note.text))))
        }
        return []
    }
}
