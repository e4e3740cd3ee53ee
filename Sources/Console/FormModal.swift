import CRMCore
import DisplayText

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
    /// The text of note `noteID` of lead `lead`, which read `original` when the form opened.
    case editNote(noteID: Int64, lead: Int64, original: String)
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

    /// Draws the form over `area`.
    func render(on canvas: inout some Canvas, in area: Rect) {
        // The form's rows, every field message in full, then the store's error (or what
        // changed underneath) in full.
        let columns = min(72, max(1, area.columns - 4))
        let message = error ?? changedUnderneath
        let messageLines = message?.wrapped(toWidth: columns) ?? [.empty]
        let rows = form.rows(columns: columns) + messageLines.count
        let inner = ModalView.box(on: &canvas, in: area, rows: rows, columns: 72, title: form.title)
        guard !inner.isEmpty else { return }
        let formRows = max(1, inner.rows - messageLines.count)
        form.render(
            on: &canvas, in: Rect(row: inner.top, column: inner.left, rows: formRows, columns: inner.columns))
        if message != nil {
            for (offset, line) in messageLines.enumerated() where inner.top + formRows + offset < inner.bottom {
                canvas.draw(
                    line.truncated(toWidth: inner.columns),
                    at: Point(row: inner.top + formRows + offset, column: inner.left), width: inner.columns,
                    style: error == nil ? .warning : .error)
            }
        }
    }
}

extension AppState {
    /// A key in a form.
    mutating func formKey(_ key: Key, _ modal: FormModal) -> [Effect] {
        var modal = modal
        switch modal.form.handle(key) {
        case .editing, .rejected:
            modals[modals.count - 1] = .form(modal)
            return []
        case .cancelled:
            modals.removeLast()
            return []
        case .submitted(let values):
            modal.error = nil
            modals[modals.count - 1] = .form(modal)
            return submit(modal, values)
        }
    }

    private mutating func submit(_ modal: FormModal, _ values: [String]) -> [Effect] {
        switch modal.purpose {
        case .contact(let base):
            guard let edit = Self.contactEdit(modal.form), !edit.isEmpty else {
                modals.removeLast()
                notice = Notice(text: "Nothing changed", style: .statusBar)
                return []
            }
            return [.saveContact(lead: base.id, edit, expectedVersion: base.version)]
        case .field(let leadID, let original, let index):
            let field = LeadField(
                title: values[0].trimmingWhitespace, content: values[1],
                link: values[2].isEmpty ? nil : values[2], key: values[3].isEmpty ? nil : values[3])
            return [.saveField(lead: leadID, field, replacing: original, position: index)]
        case .note(let leadID):
            return [.addNote(lead: leadID, text: values[0])]
        case .contactValue(let leadID, let row):
            let value = values[0].trimmingWhitespace
            guard let row else {
                return [.changeContacts(lead: leadID, ContactsModal.field(of: value), .add(value), of: nil)]
            }
            return [.changeContacts(lead: leadID, row.field, .replace(row.position, value), of: row.value)]
        case .editNote(let noteID, let leadID, let original):
            return [.editNote(noteID, lead: leadID, text: values[0], original: original)]
        case .task(let leadID):
            guard let due = TaskDue.parse(values[1], now: now, zone: settings.localTime) else { return [] }
            // Checked again at the save: a form left open may have a due time that has passed since.
            guard due >= now - Self.dueGrace else {
                var modal = modal
                modal.error = "That due time has passed; give a later time or a delay (2h, 1d)"
                modals[modals.count - 1] = .form(modal)
                return []
            }
            let manager = values[2].trimmingWhitespace
            return [
                .addTask(
                    lead: leadID, title: values[0].trimmingWhitespace, dueAt: due,
                    manager: manager.isEmpty ? nil : manager)
            ]
        }
    }
}
