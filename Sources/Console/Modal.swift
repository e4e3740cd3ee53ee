import CRMCore
import DisplayText

/// A dialog over the screen; the top one of ``AppState/modals`` gets the keys.
public enum Modal: Sendable {
    /// The help overlay.
    case help(HelpOverlay)
    /// Typing a search.
    case search(LineEditor)
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

/// A question and the store work a yes starts.
public struct ConfirmModal: Sendable {
    /// The question.
    public var dialog: ConfirmDialog
    /// What a yes does.
    public var effect: Effect
}

/// What a form saves to.
public enum FormPurpose: Sendable {
    /// contact_info and crm_link of `lead`, as the operator saw it when opening the form.
    case contact(base: Lead)
    /// A custom field of lead `leadID`: a new one, or `original` at `index`.
    case field(leadID: Int64, original: LeadField?, index: Int?)
    /// A note on lead `leadID`.
    case note(leadID: Int64)
    /// An email or phone of lead `leadID`: a new one, or `row` edited.
    case contactValue(leadID: Int64, row: ContactsModal.Row?)
    /// The text of note `noteID`.
    case editNote(noteID: Int64)
    /// A task by hand on lead `leadID`.
    case task(leadID: Int64)
}

extension FormPurpose {
    /// The operation saving the form starts.
    var operation: Operation {
        switch self {
        case .contact: .contact
        case .field: .field
        case .note, .editNote: .note
        case .contactValue: .contacts
        case .task: .task
        }
    }
}

/// A form and what it is for.
public struct FormModal: Sendable {
    /// The form.
    public var form: Form
    /// What saving it does.
    public var purpose: FormPurpose
    /// The last error from the store (a rejected phone, say).
    public var error: DisplayLine?
    /// What changed in the lead since the form opened, when someone else changed it.
    public var changedUnderneath: DisplayLine?
}

/// What a picker chooses.
public enum PickerPurpose: Sendable, Hashable {
    /// A manager for lead `leadID`.
    case assign(leadID: Int64)
    /// A status for lead `leadID`.
    case status(leadID: Int64)
    /// The status filter of the list.
    case filterStatus
    /// The manager filter of the list.
    case filterManager
    /// The lead to merge into lead `survivor`.
    case mergeWith(survivor: Int64)
    /// A status for every marked lead.
    case bulkStatus
    /// A manager for every marked lead.
    case bulkAssign
    /// The list's order.
    case sort
    /// A saved view to apply.
    case savedView
}

/// A picker over string ids and what it is for.
public struct PickerModal: Sendable {
    /// The picker.
    public var picker: Picker<String>
    /// What choosing does.
    public var purpose: PickerPurpose
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
