import CRMCore
import DisplayText

/// The open lead's custom fields.
public struct FieldsModal: Sendable {
    /// The lead.
    public var leadID: Int64
    /// The highlighted field.
    public var index: Int

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
        let lines =
            fields.isEmpty
            ? [StyledLine("No custom fields; press a to add one", .dim)]
            : fields.enumerated().map { index, field in
                StyledLine(
                    Sanitizer.line(field.title).padded(toWidth: 16) + Sanitizer.line(field.content),
                    index == self.index ? .selected : .normal)
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
        defer { if case .fields? = modals.last { modals[modals.count - 1] = .fields(modal) } }
        switch command {
        case .next: modal.index = min(max(0, fields.count - 1), modal.index + 1)
        case .previous: modal.index = max(0, modal.index - 1)
        case .close:
            modals.removeLast()
        case .add:
            modals.append(
                .form(
                    FormModal(
                        form: Self.fieldForm(nil), purpose: .field(leadID: modal.leadID, original: nil, index: nil))))
        case .edit:
            guard fields.indices.contains(modal.index) else { return [] }
            let field = fields[modal.index]
            modals.append(
                .form(
                    FormModal(
                        form: Self.fieldForm(field),
                        purpose: .field(leadID: modal.leadID, original: field, index: modal.index))))
        case .remove:
            guard fields.indices.contains(modal.index) else { return [] }
            let title = fields[modal.index].title
            modal.index = max(0, min(modal.index, fields.count - 2))
            return [.removeField(lead: modal.leadID, title: title)]
        case .moveUp, .moveDown:
            let target = modal.index + (command == .moveUp ? -1 : 1)
            guard fields.indices.contains(modal.index), fields.indices.contains(target) else { return [] }
            defer { modal.index = target }
            return [.moveField(lead: modal.leadID, from: modal.index, to: target)]
        }
        return []
    }
}
