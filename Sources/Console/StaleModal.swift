import CRMCore
import DisplayText

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

    /// The keys of the stale-edit prompt.
    public static let keymap = Keymap<StaleCommand>(
        title: "Someone else changed the lead",
        [
            KeyBinding([.character("o")], .overwrite, help: "Save my values over theirs", hint: "overwrite"),
            KeyBinding([.character("r")], .reload, help: "Drop my values, edit theirs", hint: "reload"),
            KeyBinding([.escape], .back, help: "Back to my form", hint: "back"),
        ])

    /// Draws the dialog over `area`.
    func render(on canvas: inout some Canvas, in area: Rect) {
        var lines: [StyledLine] = [StyledLine("Someone changed this lead while you were editing:", .warning)]
        let base = self.base
        let current = self.current
        for field in ContactField.editable {
            let (was, now, mine) = (field.value(of: base), field.value(of: current), self.edit[field])
            guard was != now || mine != nil else { continue }
            lines.append(StyledLine(Sanitizer.line(field.label), .header))
            if was != now {
                lines.append(StyledLine("  was  " + Sanitizer.line(was)))
                lines.append(StyledLine("  now  " + Sanitizer.line(now), .warning))
            }
            if let mine { lines.append(StyledLine("  yours " + Sanitizer.line(mine), .title)) }
        }
        if lines.count == 1 {
            lines.append(StyledLine("(other data changed: status, manager, fields or a new chat)", .dim))
        }
        lines.append(StyledLine(.empty))
        lines.append(StyledLine("o overwrite with yours · r reload theirs · Esc back to your form", .key))
        let inner = ModalView.box(
            on: &canvas, in: area, rows: lines.count, columns: 70,
            title: Sanitizer.line("Lead #\(current.id) changed (v\(base.version) → v\(current.version))"))
        canvas.drawLines(lines, in: inner, offset: 0)
    }
}

extension AppState {
    /// A key in the stale-edit prompt.
    mutating func staleKey(_ key: Key, _ modal: StaleModal) -> [Effect] {
        guard let command = StaleModal.keymap.command(for: key) else { return [] }
        modals.removeLast()
        switch command {
        case .back:
            modals.append(.form(modal.form))
            return []
        case .reload:
            modals.append(
                .form(
                    FormModal(
                        form: Self.contactForm(modal.current, settings.normalizer),
                        purpose: .contact(base: modal.current))))
            return []
        case .overwrite:
            var form = modal.form
            form.purpose = .contact(base: modal.current)
            modals.append(.form(form))
            return [.saveContact(lead: modal.current.id, modal.edit, expectedVersion: modal.current.version)]
        }
    }
}
