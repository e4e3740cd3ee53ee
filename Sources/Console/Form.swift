import DisplayText

/// One labelled input of a ``Form``.
public struct FormField: Sendable {
    /// The label shown before the input.
    public let label: DisplayLine
    /// The input.
    public internal(set) var editor: LineEditor
    /// The validation message from the last check, if the value was rejected.
    public internal(set) var message: DisplayLine?
    /// The text the field started with, to tell whether it changed.
    public let initialText: String
    let validate: @Sendable (String) -> DisplayLine?

    /// A field labelled `label` holding `text`; `validate` returns a message when a value is wrong.
    public init(
        label: DisplayLine, text: String = "",
        validate: @escaping @Sendable (String) -> DisplayLine? = { _ in nil }
    ) {
        self.label = label
        editor = LineEditor(text: text)
        initialText = text
        self.validate = validate
    }
}

/// Labelled fields edited one at a time, submitted or cancelled as a whole.
public struct Form: Sendable {
    /// Commands that move between fields or finish the form.
    public enum Command: Sendable, Hashable {
        /// Focus the next field.
        case nextField
        /// Focus the previous field.
        case previousField
        /// Validate every field and submit.
        case submit
        /// Abandon the form.
        case cancel
    }

    /// What a key did to the form.
    public enum Outcome: Sendable, Hashable {
        /// Still editing.
        case editing
        /// Every field passed validation; the values, in field order.
        case submitted([String])
        /// Submission failed validation; the first invalid field is focused.
        case rejected
        /// The operator cancelled.
        case cancelled
    }

    /// The form's keys (editing keys inside a field come from ``LineEditor/keymap``).
    public static let keymap = Keymap<Command>(
        title: "Forms",
        [
            KeyBinding([.tab, .down], .nextField, help: "Next field", hint: "next"),
            KeyBinding([.backTab, .up], .previousField, help: "Previous field"),
            KeyBinding([.enter, .control("s")], .submit, help: "Save", hint: "save"),
            KeyBinding([.escape], .cancel, help: "Cancel without saving", hint: "cancel"),
        ])

    /// The form title.
    public let title: DisplayLine
    /// The fields, in order.
    public private(set) var fields: [FormField]
    /// The index of the focused field.
    public private(set) var focus: Int = 0

    /// A form titled `title` with `fields`, focused on the first.
    public init(title: DisplayLine, fields: [FormField]) {
        self.title = title
        self.fields = fields
    }

    /// Whether any field differs from the text it started with.
    public var isDirty: Bool {
        fields.contains { $0.editor.text != $0.initialText }
    }

    /// The current values, in field order.
    public var values: [String] {
        fields.map(\.editor.text)
    }

    /// Applies `key` to the form or the focused field.
    public mutating func handle(_ key: Key) -> Outcome {
        guard !fields.isEmpty else { return key == .escape ? .cancelled : .editing }
        switch Self.keymap.command(for: key) {
        case .nextField?:
            validateField(focus)
            focus = (focus + 1) % fields.count
        case .previousField?:
            validateField(focus)
            focus = (focus + fields.count - 1) % fields.count
        case .submit?:
            return submit()
        case .cancel?:
            return .cancelled
        case nil:
            fields[focus].editor.handle(key)
            if fields[focus].message != nil { validateField(focus) }
        }
        return .editing
    }

    /// Validates every field; submits when all pass, otherwise focuses the first failure.
    public mutating func submit() -> Outcome {
        for index in fields.indices { validateField(index) }
        if let invalid = fields.firstIndex(where: { $0.message != nil }) {
            focus = invalid
            return .rejected
        }
        return .submitted(values)
    }

    private mutating func validateField(_ index: Int) {
        fields[index].message = fields[index].validate(fields[index].editor.text)
    }

    /// The label column's width in a form `columns` wide.
    private func labelWidth(_ columns: Int) -> Int {
        min((fields.map(\.label.width).max() ?? 0) + 2, columns / 2)
    }

    /// The rows of field `field`'s message wrapped under its input in a form `columns` wide
    /// (at least one row, blank without a message).
    private func messageLines(_ field: FormField, columns: Int) -> [DisplayLine] {
        guard let message = field.message else { return [.empty] }
        return message.wrapped(toWidth: max(1, columns - labelWidth(columns)))
    }

    /// The rows the form needs `columns` wide: each field's input, then its message in full.
    public func rows(columns: Int) -> Int {
        fields.reduce(0) { $0 + 1 + messageLines($1, columns: columns).count }
    }

    /// Each field takes its label and input on one row, then its validation message under the
    /// input, wrapped so the whole message shows (one blank row when there is none). A form
    /// taller than `rect` scrolls as little as keeps the focused field and its message in view.
    public func render(on canvas: inout some Canvas, in rect: Rect) {
        guard !rect.isEmpty, !fields.isEmpty else { return }
        let labelWidth = labelWidth(rect.columns)
        let inputWidth = rect.columns - labelWidth
        let messages = fields.map { messageLines($0, columns: rect.columns) }
        // The form's row where each field starts, and the rows scrolled off the top.
        let starts = messages.indices.map { index in messages[..<index].reduce(0) { $0 + 1 + $1.count } }
        let focusEnd = starts[focus] + 1 + messages[focus].count
        let skipped = min(starts[focus], max(0, focusEnd - rect.rows))
        for (index, field) in fields.enumerated() {
            let row = rect.top + starts[index] - skipped
            guard row < rect.bottom else { break }
            if row >= rect.top {
                canvas.draw(
                    (field.label + ":").truncated(toWidth: labelWidth - 1), at: Point(row: row, column: rect.left),
                    width: labelWidth - 1, style: index == focus ? .title : .normal)
                field.editor.render(
                    on: &canvas, at: Point(row: row, column: rect.left + labelWidth), width: inputWidth,
                    style: .input, focused: index == focus)
            }
            for (offset, line) in messages[index].enumerated() {
                let messageRow = row + 1 + offset
                if field.message != nil, messageRow >= rect.top, messageRow < rect.bottom {
                    canvas.draw(
                        line.truncated(toWidth: inputWidth), at: Point(row: messageRow, column: rect.left + labelWidth),
                        width: inputWidth, style: .error)
                }
            }
        }
    }

    /// Sets how many columns each input is shown in (call when the layout changes).
    public mutating func setInputWidth(_ width: Int) {
        for index in fields.indices { fields[index].editor.viewWidth = width }
    }
}
