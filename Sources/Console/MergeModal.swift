import CRMCore
import DisplayText

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
            // Both leads' emails and phones are kept: the choice is which comes first, and a
            // lead without one has none to offer.
            if field == .email || field == .phone, mine.isEmpty || theirs.isEmpty { return nil }
            return MergeRow(field: field, survivorValue: mine, absorbedValue: theirs, takeAbsorbed: mine.isEmpty)
        }
    }

    /// The edit that makes the survivor hold the chosen values.
    public var edit: ContactEdit {
        ContactEdit(rows.filter(\.takeAbsorbed).map { ($0.field, $0.absorbedValue) })
    }

    /// The keys of the merge dialog.
    public static let keymap = Keymap<MergeCommand>(
        title: "Merging leads",
        [
            KeyBinding([.down, .character("j")], .next, help: "Next field"),
            KeyBinding([.up, .character("k")], .previous, help: "Previous field"),
            KeyBinding([.left, .right, .character(" ")], .toggle, help: "Switch the surviving value", hint: "switch"),
            KeyBinding([.enter, .control("s")], .confirm, help: "Merge", hint: "merge"),
            KeyBinding([.escape], .cancel, help: "Cancel", hint: "cancel"),
        ])

    /// `value` (or "(empty)") wrapped to `width` columns over at most `rows` rows, the last
    /// ending with "…" when more did not fit.
    static func wrapped(_ value: String, width: Int, rows: Int) -> [DisplayLine] {
        let lines = Sanitizer.line(value.isEmpty ? "(empty)" : value).wrapped(toWidth: width)
        guard lines.count > rows, rows > 0 else { return lines }
        var kept = Array(lines.prefix(rows))
        kept[rows - 1] = (kept[rows - 1] + " …").truncated(toWidth: width)
        return kept
    }

    /// Draws the dialog over `area`.
    func render(on canvas: inout some Canvas, in area: Rect) {
        let survivor = self.survivor.id
        let absorbed = self.absorbed.id
        var lines: [StyledLine] = [
            StyledLine(
                Sanitizer.line("#\(absorbed) joins #\(survivor): its chats, calls, tasks, notes, emails and phones"),
                .dim),
            StyledLine("move over; of two emails or phones, the one chosen comes first.", .dim),
            StyledLine(
                DisplayLine("Field").padded(toWidth: 12)
                    + Sanitizer.line("  Keep from #\(survivor)").padded(toWidth: 30)
                    + Sanitizer.line("  Take from #\(absorbed)"), .header),
        ]
        if self.rows.isEmpty { lines.append(StyledLine("Name, phone, email, description and crm_link agree.", .dim)) }
        // A value too long for its column (a description, a link) wraps under itself, in its
        // column, over as many rows as the screen leaves each field (at most 4); one longer
        // still ends with "…" there (`jivocrm show` has it whole), and the keys stay on screen.
        let spare = area.rows - 2 - lines.count - 2 - (self.error == nil ? 0 : 2)
        let rowsPerValue = max(1, min(4, spare / max(1, self.rows.count)))
        for (index, row) in self.rows.enumerated() {
            let left = Self.wrapped(row.survivorValue, width: 26, rows: rowsPerValue)
            let right = Self.wrapped(row.absorbedValue, width: 32, rows: rowsPerValue)
            for part in 0..<max(left.count, right.count) {
                let label = part == 0 ? Sanitizer.line(row.field.rawValue) : .empty
                let leftMark: DisplayLine = part == 0 && !row.takeAbsorbed ? "● " : "  "
                let rightMark: DisplayLine = part == 0 && row.takeAbsorbed ? "● " : "  "
                lines.append(
                    StyledLine(
                        label.padded(toWidth: 12)
                            + (leftMark + (left.indices.contains(part) ? left[part] : .empty)).padded(toWidth: 30)
                            + rightMark + (right.indices.contains(part) ? right[part] : .empty),
                        index == self.index ? .selected : .normal))
            }
        }
        lines.append(StyledLine(.empty))
        lines.append(StyledLine("←/→ switch · Enter merge · Esc cancel (U on the lead undoes a merge)", .key))
        for part in self.error?.wrapped(toWidth: 76) ?? [] { lines.append(StyledLine(part, .error)) }
        let inner = ModalView.box(
            on: &canvas, in: area, rows: lines.count, columns: 76,
            title: Sanitizer.line("Merge lead #\(absorbed) into #\(survivor)"))
        canvas.drawLines(lines, in: inner, offset: 0)
    }
}

extension AppState {
    /// A key in the merge dialog.
    mutating func mergeKey(_ key: Key, _ modal: MergeModal) -> [Effect] {
        guard let command = MergeModal.keymap.command(for: key) else { return [] }
        var modal = modal
        switch command {
        case .next: modal.index = min(max(0, modal.rows.count - 1), modal.index + 1)
        case .previous: modal.index = max(0, modal.index - 1)
        case .toggle:
            if modal.rows.indices.contains(modal.index) { modal.rows[modal.index].takeAbsorbed.toggle() }
        case .cancel:
            modals.removeLast()
            return []
        case .confirm:
            return [
                .merge(
                    absorbed: modal.absorbed.id, survivor: modal.survivor.id, edit: modal.edit,
                    decided: Set(modal.rows.map(\.field)),
                    versions: [modal.absorbed.id: modal.absorbed.version, modal.survivor.id: modal.survivor.version])
            ]
        }
        modals[modals.count - 1] = .merge(modal)
        return []
    }
}
