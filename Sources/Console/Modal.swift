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

/// One open conflict with the event it came from.
public struct ConflictItem: Sendable, Equatable {
    /// The conflict.
    public var conflict: ConflictRecord
    /// The event that brought the incoming value, if known.
    public var event: EventRecord?
    /// The conflict's lead as it is now (not as the conflict recorded it).
    public var lead: LeadSummary?
    /// For a duplicate conflict: the other lead as it is now.
    public var other: LeadSummary?
    /// For a duplicate conflict: the lead that survives a merge (the older one).
    public var survivor: Int64?

    /// An item for `conflict`, with what the dialog shows beside it.
    public init(
        conflict: ConflictRecord, event: EventRecord?, lead: LeadSummary? = nil, other: LeadSummary? = nil,
        survivor: Int64? = nil
    ) {
        self.conflict = conflict
        self.event = event
        self.lead = lead
        self.other = other
        self.survivor = survivor
    }
}

/// Commands of the conflict dialog.
public enum ConflictCommand: Sendable, Hashable {
    /// The next conflict.
    case next
    /// The previous conflict.
    case previous
    /// Settle the shown conflict.
    case resolve(Resolution)
    /// Close the dialog.
    case close
}

/// The open lead's open conflicts, one shown at a time.
public struct ConflictModal: Sendable {
    /// The conflicts.
    public var items: [ConflictItem]
    /// The one shown.
    public var index: Int
    /// The last error from the store.
    public var error: DisplayLine?
}

/// One differing field of a merge.
public struct MergeRow: Sendable, Equatable {
    /// The field (one of ``ContactField/editable``).
    public var field: ContactField
    /// The survivor's value.
    public var survivorValue: String
    /// The absorbed lead's value.
    public var absorbedValue: String
    /// Whether the absorbed lead's value wins.
    public var takeAbsorbed: Bool
}

/// Commands of the merge dialog.
public enum MergeCommand: Sendable, Hashable {
    /// Next row.
    case next
    /// Previous row.
    case previous
    /// Switch the row's surviving value.
    case toggle
    /// Merge.
    case confirm
    /// Close without merging.
    case cancel
}

/// Two leads about to become one.
public struct MergeModal: Sendable {
    /// The lead that stays.
    public var survivor: Lead
    /// The lead merged into it.
    public var absorbed: Lead
    /// Fields whose values differ.
    public var rows: [MergeRow]
    /// The highlighted row.
    public var index: Int
    /// The last error from the store.
    public var error: DisplayLine?

    /// A merge of `absorbed` into `survivor`, keeping the survivor's values at first.
    public init(survivor: Lead, absorbed: Lead) {
        self.survivor = survivor
        self.absorbed = absorbed
        index = 0
        rows = ContactField.editable.compactMap { field in
            let mine = field.value(of: survivor)
            let theirs = field.value(of: absorbed)
            guard mine != theirs else { return nil }
            return MergeRow(field: field, survivorValue: mine, absorbedValue: theirs, takeAbsorbed: mine.isEmpty)
        }
    }

    /// The edit that makes the survivor hold the chosen values.
    public var edit: ContactEdit {
        ContactEdit(rows.filter(\.takeAbsorbed).map { ($0.field, $0.absorbedValue) })
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

/// The open lead's custom fields.
public struct FieldsModal: Sendable {
    /// The lead.
    public var leadID: Int64
    /// The highlighted field.
    public var index: Int
}

/// Commands of the stale-edit prompt.
public enum StaleCommand: Sendable, Hashable {
    /// Save over the other change.
    case overwrite
    /// Drop the operator's values and edit the current ones.
    case reload
    /// Back to the form.
    case back
}

/// A contact edit that lost a race with another change.
public struct StaleModal: Sendable {
    /// The operator's form, kept as typed.
    public var form: FormModal
    /// The lead as the operator opened it.
    public var base: Lead
    /// The lead as it is now.
    public var current: Lead
    /// The edit the operator tried to save.
    public var edit: ContactEdit
}
