import DisplayText

/// A yes/no question. `y` and `n` answer directly; arrows or Tab move between the buttons; Enter
/// takes the highlighted one; Esc declines. "No" is highlighted first.
public struct ConfirmDialog: Sendable, Hashable {
    /// What a key did to the dialog.
    public enum Outcome: Sendable, Hashable {
        /// No answer yet.
        case pending
        /// The operator said yes.
        case confirmed
        /// The operator said no or pressed Esc.
        case declined
    }

    /// The question asked.
    public let question: DisplayLine
    /// Whether "Yes" is highlighted.
    public private(set) var yesHighlighted = false

    /// A dialog asking `question`.
    public init(question: DisplayLine) {
        self.question = question
    }

    /// Applies `key`.
    public mutating func handle(_ key: Key) -> Outcome {
        switch key {
        case .character("y"), .character("Y"): return .confirmed
        case .character("n"), .character("N"), .escape: return .declined
        case .enter: return yesHighlighted ? .confirmed : .declined
        case .left, .right, .tab, .backTab:
            yesHighlighted.toggle()
            return .pending
        default: return .pending
        }
    }

    /// Draws the dialog centred in `area`: the question wrapped, then the two buttons.
    public func render(on canvas: inout some Canvas, in area: Rect) {
        let textWidth = min(max(question.width, 20), max(1, area.columns - 4))
        let lines = question.wrapped(toWidth: textWidth)
        let box = area.centered(Size(rows: lines.count + 4, columns: textWidth + 4))
        guard box.rows >= 5, box.columns >= 8 else { return }
        canvas.fill(box, style: .normal)
        canvas.drawBorder(box, title: "Confirm", style: .focusedBorder)
        let inner = box.inset(by: 1)
        for (index, line) in lines.prefix(inner.rows - 2).enumerated() {
            canvas.draw(
                line, at: Point(row: inner.top + index, column: inner.left + 1), width: inner.columns - 2,
                style: .normal)
        }
        let yes: DisplayLine = "[ Yes ]"
        let no: DisplayLine = "[ No ]"
        let buttonsWidth = yes.width + 2 + no.width
        let row = inner.bottom - 1
        let column = inner.left + max(0, (inner.columns - buttonsWidth) / 2)
        canvas.draw(
            yes, at: Point(row: row, column: column), width: inner.right - column,
            style: yesHighlighted ? .selected : .normal)
        let noColumn = column + yes.width + 2
        canvas.draw(
            no, at: Point(row: row, column: noColumn), width: max(0, inner.right - noColumn),
            style: yesHighlighted ? .normal : .selected)
    }
}
