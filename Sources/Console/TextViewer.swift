import DisplayText

/// A read-only, scrollable text in a bordered box (the reply preview): the list keys scroll it,
/// Esc or `q` closes it.
public struct TextViewer: Sendable {
    /// What a key does.
    public enum Command: Sendable, Hashable {
        /// Scroll.
        case scroll(ListMotion)
        /// Close.
        case close
    }

    /// The viewer's keys.
    public static let keymap = Keymap<Command>(
        title: "Reading a preview",
        ListMotion.keymap.bindings.map { $0.map { Command.scroll($0) } } + [
            KeyBinding([.escape, .character("q")], .close, help: "Close", hint: "close")
        ])

    /// The box title.
    public let title: DisplayLine
    /// The rows, sanitised and wrapped.
    public let lines: [StyledLine]
    /// The first row shown.
    public private(set) var offset = 0

    /// A viewer titled `title` over `text` (untrusted: sanitised here), wrapped to fit a screen
    /// `width` columns wide.
    public init(title: DisplayLine, text: String, width: Int) {
        self.title = title
        let columns = max(1, width - 4)
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { raw in
            // Indentation (a JSON document's) is kept; continuation rows line up under it.
            let indent = min(raw.prefix(while: { $0 == " " }).count, columns / 2)
            let body = Sanitizer.lines(String(raw.dropFirst(indent))).flatMap {
                $0.wrapped(toWidth: max(1, columns - indent))
            }
            return body.isEmpty ? [StyledLine(.empty)] : body.map { StyledLine(.spaces(indent) + $0) }
        }
    }

    /// Applies `key` with `rows` rows shown; returns false when the viewer closes.
    public mutating func handle(_ key: Key, rows: Int) -> Bool {
        guard let command = Self.keymap.command(for: key) else { return true }
        let last = max(0, lines.count - rows)
        switch command {
        case .close: return false
        case .scroll(.down): offset = min(last, offset + 1)
        case .scroll(.up): offset = max(0, offset - 1)
        case .scroll(.pageDown): offset = min(last, offset + rows)
        case .scroll(.pageUp): offset = max(0, offset - rows)
        case .scroll(.top): offset = 0
        case .scroll(.bottom): offset = last
        }
        return true
    }

    /// Draws the box over `area`.
    public func render(on canvas: inout some Canvas, in area: Rect) {
        let box = area
        guard box.rows >= 3, box.columns >= 5 else { return }
        canvas.fill(box, style: .normal)
        canvas.drawBorder(box, title: title, style: .focusedBorder)
        canvas.drawLines(lines, in: box.inset(by: 1), offset: offset)
    }
}
