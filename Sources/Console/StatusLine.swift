import DisplayText

/// The bottom line: a message on the left and key hints on the right.
public struct StatusLine: Sendable {
    /// The message, such as "Saved" or a validation error.
    public var message: DisplayLine
    /// The style of the message.
    public var messageStyle: Style
    /// Hints, most important first; the last ones are dropped when space runs out.
    public var hints: [StatusHint]

    /// A status line showing `message` and `hints`.
    public init(message: DisplayLine = .empty, messageStyle: Style = .statusBar, hints: [StatusHint] = []) {
        self.message = message
        self.messageStyle = messageStyle
        self.hints = hints
    }

    /// Draws the status line filling `rect`'s first row. Hints keep at least half the width for
    /// the message; the message is truncated with `…` if it is still too long.
    public func render(on canvas: inout some Canvas, in rect: Rect) {
        guard !rect.isEmpty else { return }
        canvas.fill(Rect(row: rect.top, column: rect.left, rows: 1, columns: rect.columns), style: .statusBar)
        let reserved = min(message.width, rect.columns / 2)
        var shown: [StatusHint] = []
        var hintsWidth = 0
        for hint in hints {
            let width = hint.key.width + 1 + hint.label.width + 2
            // The message starts one column in and keeps one column from the hints.
            if hintsWidth + width > rect.columns - reserved - 2 { break }
            shown.append(hint)
            hintsWidth += width
        }
        let messageWidth = rect.columns - hintsWidth - (shown.isEmpty ? 0 : 1) - 1
        canvas.draw(
            message.truncated(toWidth: messageWidth), at: Point(row: rect.top, column: rect.left + 1),
            width: messageWidth, style: messageStyle)
        var column = rect.right - hintsWidth
        for hint in shown {
            canvas.draw(hint.key, at: Point(row: rect.top, column: column), width: hint.key.width, style: .key)
            column += hint.key.width + 1
            canvas.draw(
                hint.label, at: Point(row: rect.top, column: column), width: hint.label.width, style: .statusBar)
            column += hint.label.width + 2
        }
    }
}
