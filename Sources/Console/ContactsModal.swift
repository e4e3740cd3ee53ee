import CRMCore
import DisplayText

/// The open lead's emails and phones in one list, emails first; the first of each kind is the
/// primary one, which replies send.
public struct ContactsModal: Sendable {
    /// One row: an email or phone at its position among its kind.
    public struct Row: Sendable, Equatable {
        /// `.email` or `.phone`.
        public var field: ContactField
        /// Its position among its kind (0: primary).
        public var position: Int
        /// The value.
        public var value: String
    }

    /// The lead.
    public var leadID: Int64
    /// The highlighted row, by its kind and value.
    public var selection = RowSelection<String>()

    /// The dialog on lead `leadID`, its first row highlighted.
    public init(leadID: Int64) {
        self.leadID = leadID
    }

    /// The keys ``selection`` keeps rows by: kind and value.
    static func keys(_ rows: [Row]) -> [String] {
        rows.map { "\($0.field.rawValue) \($0.value)" }
    }

    /// The keys of the dialog.
    public static let keymap = Keymap<ListEditCommand>(
        title: "Emails and phones",
        [
            KeyBinding([.down, .character("j")], .next, help: "Next email or phone"),
            KeyBinding([.up, .character("k")], .previous, help: "Previous email or phone"),
            KeyBinding([.character("a")], .add, help: "Add an email or a phone", hint: "add"),
            KeyBinding([.enter, .character("e")], .edit, help: "Edit it", hint: "edit"),
            KeyBinding([.character("d")], .remove, help: "Remove it", hint: "remove"),
            KeyBinding([.character("K")], .moveUp, help: "Move it up (to the top: the primary one)"),
            KeyBinding([.character("J")], .moveDown, help: "Move it down"),
            KeyBinding([.escape], .close, help: "Close", hint: "close"),
        ])

    /// The rows of `lead`: its emails, then its phones.
    public static func rows(_ lead: Lead?) -> [Row] {
        guard let lead else { return [] }
        return lead.emails.enumerated().map { Row(field: .email, position: $0.offset, value: $0.element.value) }
            + lead.phones.enumerated().map { Row(field: .phone, position: $0.offset, value: $0.element.value) }
    }

    /// The field an added value belongs to: an email when it has an `@`, else a phone.
    static func field(of value: String) -> ContactField { value.contains("@") ? .email : .phone }

    /// The form that adds a value, or edits `row`.
    static func form(_ row: Row?) -> Form {
        Form(
            title: row == nil ? "Add an email or a phone" : row?.field == .email ? "Edit the email" : "Edit the phone",
            fields: [
                FormField(
                    label: row == nil ? "Email/phone" : "Value", text: row?.value ?? "", validate: AppState.required)
            ])
    }

    /// Draws the dialog for `lead` over `area`.
    func render(_ lead: Lead?, on canvas: inout some Canvas, in area: Rect) {
        let rows = Self.rows(lead)
        let highlighted = selection.index(in: Self.keys(rows))
        let lines =
            rows.isEmpty
            ? [StyledLine("No emails or phones; press a to add one", .dim)]
            : rows.enumerated().map { index, row in
                let label: DisplayLine = row.field == .email ? "Email  " : "Phone  "
                let marker: DisplayLine = row.position == 0 ? "  (primary: replies send it)" : ""
                return StyledLine(
                    label + Sanitizer.line(row.value) + marker, index == highlighted ? .selected : .normal)
            }
        let inner = ModalView.box(
            on: &canvas, in: area, rows: lines.count + 2, columns: 64,
            title: Sanitizer.line("Emails and phones of lead #\(leadID)"))
        canvas.drawLines(
            lines + [StyledLine(.empty), StyledLine("a add · Enter edit · d remove · K/J move · Esc close", .dim)],
            in: inner, offset: 0)
    }
}

extension AppState {
    /// A key in the contacts dialog.
    mutating func contactsKey(_ key: Key, _ modal: ContactsModal) -> [Effect] {
        guard let command = ContactsModal.keymap.command(for: key) else { return [] }
        var modal = modal
        let rows = ContactsModal.rows(detail?.summary.lead)
        let keys = ContactsModal.keys(rows)
        defer { if case .contacts? = modals.last { modals[modals.count - 1] = .contacts(modal) } }
        let index = modal.selection.index(in: keys)
        let row = rows.indices.contains(index) ? rows[index] : nil
        switch command {
        case .next: modal.selection.move(1, in: keys)
        case .previous: modal.selection.move(-1, in: keys)
        case .close: modals.removeLast()
        case .add:
            modals.append(
                .form(FormModal(form: ContactsModal.form(nil), purpose: .contactValue(leadID: modal.leadID, row: nil))))
        case .edit:
            guard let row else { return [] }
            modals.append(
                .form(FormModal(form: ContactsModal.form(row), purpose: .contactValue(leadID: modal.leadID, row: row))))
        case .remove:
            guard let row else { return [] }
            // The row below takes its place (the one above when it was the last).
            modal.selection.select(index + 1 < rows.count ? index + 1 : index - 1, in: keys)
            return [.changeContacts(lead: modal.leadID, row.field, .remove(row.position), of: row.value)]
        case .moveUp:
            // The highlight stays on the value as it moves.
            guard let row, row.position > 0 else { return [] }
            return [
                .changeContacts(
                    lead: modal.leadID, row.field, .move(from: row.position, to: row.position - 1), of: row.value)
            ]
        case .moveDown:
            guard let row, rows.indices.contains(index + 1), rows[index + 1].field == row.field else { return [] }
            return [
                .changeContacts(
                    lead: modal.leadID, row.field, .move(from: row.position, to: row.position + 1), of: row.value)
            ]
        }
        return []
    }
}
