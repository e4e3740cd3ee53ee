import CRMCore
import DisplayText

/// A dialog over the screen; the top one of ``AppState/modals`` gets the keys.
public enum Modal: Sendable {
    /// The help overlay.
    case help(HelpOverlay)
    /// Typing a search.
    case search(SearchModal)
    /// A form being filled in.
    case form(FormModal)
    /// Choosing from a list.
    case picker(PickerModal)
    /// Resolving the open lead's conflicts.
    case conflicts(ConflictModal)
    /// Choosing the surviving values of a merge.
    case merge(MergeModal)
    /// The open lead's custom fields.
    case fields(FieldsModal)
    /// A save lost a race: overwrite or reload.
    case stale(StaleModal)
    /// Quit with a half-typed form?
    case confirmQuit(ConfirmDialog)
    /// A yes/no question before an operation.
    case confirm(ConfirmModal)
    /// Read-only text: the preview of the next reply.
    case text(TextViewer)
    /// The open lead's emails and phones.
    case contacts(ContactsModal)
    /// The open lead's notes.
    case notes(NotesModal)
}

extension Modal {
    /// The operation whose outcome this dialog waits for: its success closes (or, for conflicts,
    /// advances) it and its failure shows in it. Nil for a dialog that waits for none; every
    /// other outcome goes to the status line.
    public var awaitedOperation: Operation? {
        switch self {
        case .form(let modal): modal.purpose.operation
        case .stale: .contact
        case .conflicts: .conflict
        case .merge: .merge
        case .picker(let modal):
            switch modal.purpose {
            case .assign, .status: .triage
            default: nil
            }
        default: nil
        }
    }
}

/// Commands of a dialog over a list the operator edits: the custom fields, the contacts.
public enum ListEditCommand: Sendable, Hashable {
    /// Next row.
    case next
    /// Previous row.
    case previous
    /// Add a row.
    case add
    /// Edit the highlighted row.
    case edit
    /// Remove it.
    case remove
    /// Move it up.
    case moveUp
    /// Move it down.
    case moveDown
    /// Close.
    case close
}
