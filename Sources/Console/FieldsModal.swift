import CRMCore
import DisplayText

/// The open lead's custom fields.
public struct FieldsModal: Sendable {
    /// The lead.
    public var leadID: Int64
    /// The highlighted field, by its title.
    public var selection = RowSelection<String>()

    /// The dialog on lead `leadID`, its first field highlighted.
    public init(leadID: Int64) {
        self.leadID = leadID
    }

    /// The keys of the custom field list.
    public static let keymap = Keymap<ListEditCommand>(
        title: "Custom fields",
        [
            KeyBinding([.down, .character("j")], .next, help: "Next field"),
            KeyBinding([.up, .character("k")], .previous, help: "Previous field"),
            KeyBinding([.character("a")], .add, help: "Add a field", hint: "add"),
            KeyBinding([.enter, .character("e")], .edit, help: "Edit the field", hint: "edit"),
            KeyBinding([.character("d")], .remove, help: "Remove the field", hint: "remove"),
            KeyBinding([.character("K")], .moveUp, help: "Move the field up"),
            KeyBinding([.character("J")], .moveDown, help: "Move the field down"),
            KeyBinding([.escape], .close, help: "Close", hint: "close"),
        ])

    /// Draws the dialog for the lead's `fields` over `area`.
    func render(_ fields: [LeadField], on canvas: inout some Canvas, in area: Rect) {
        let highlighted = selection.index(in: fields.map(\.title))
        let lines =
            fields.isEmpty
            ? [StyledLine("No custom fields; press a to add one", .dim)]
            : fields.enumerated().map { index, field in
                StyledLine(
                    Sanitizer.line(field.title).padded(toWidth: 16) + Sanitizer.line(field.content),
                    index == highlighted ? .selected : .normal)
            }
        let inner = ModalView.box(
            on: &canvas, in: area, rows: lines.count + 2, columns: 64,
            title: Sanitizer.line("Custom fields of lead #\(leadID)"))
        canvas.drawLines(
            lines + [StyledLine(.empty), StyledLine("a add · Enter edit · d remove · K/J move · Esc close", .dim)],
            in: inner, offset: 0)
    }
}

extension AppState {
    /// A key in the custom fields dialog.
    mutating func fieldsKey(_ key: Key, _ modal: FieldsModal) -> [Effect] {
        guard let command = FieldsModal.keymap.command(for: key) else { return [] }
        var modal = modal
        let fields = detail?.summary.lead.fields ?? []
        let titles = fields.map(\.title)
        defer { if case .fields? = modals.last { modals[modals.count - 1] = .fields(modal) } }
        let index = modal.selection.index(in: titles)
        switch command {
        case .next: modal.selection.move(1, in: titles)
        case .previous: modal.selection.move(-1, in: titles)
        case .close:
            modals.removeLast()
        case .add:
            modals.append(
                .form(
                    FormModal(
                        form: Self.fieldForm(nil), purpose: .field(leadID: modal.leadID, original: nil, index: nil))))
        case .edit:
            guard fields.indices.contains(index) else { return [] }
            let field = fields[index]
            modals.append(
                .form(
                    FormModal(
                        form: Self.fieldForm(field),
                        purpose: .field(leadID: modal.leadID, original: field, index: index))))
        case .remove:
            guard fields.indices.contains(index) else { return [] }
            // The field below takes its place (the one above when it was the last).
            modal.selection.select(index + 1 < fields.count ? index + 1 : index - 1, in: titles)
            return [.removeField(lead: modal.leadID, title: fields[index].title)]
        case .moveUp, .moveDown:
            // The highlight stays on the field as it moves.
            let target = index + (command == .moveUp ? -1 : 1)
            guard fields.indices.contains(index), fields.indices.contains(target) else { return [] }
            return [.moveField(lead: modal.leadID, from: index, to: target)]
        }
        return []
    }
}
