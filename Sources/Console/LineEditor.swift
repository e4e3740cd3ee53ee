import DisplayText

/// A one-line text editor with no terminal in it: text, a cursor, and horizontal scrolling by
/// display width.
///
/// The text is what the operator typed, kept raw for saving; it is sanitised whenever it is shown.
public struct LineEditor: Sendable, Hashable {
    /// Editing commands, bound to keys by ``keymap``.
    public enum Edit: Sendable, Hashable {
        /// Cursor one character left.
        case left
        /// Cursor one character right.
        case right
        /// Cursor to the start.
        case home
        /// Cursor to the end.
        case end
        /// Delete the character before the cursor.
        case backspace
        /// Delete the character under the cursor.
        case delete
        /// Delete from the cursor to the end.
        case killToEnd
        /// Delete from the start to the cursor.
        case killToStart
        /// Delete the word before the cursor.
        case deleteWordBackward
    }

    /// The editing keys; printable characters not listed here are inserted.
    public static let keymap = Keymap<Edit>(
        title: "Editing text",
        [
            KeyBinding([.left], .left, help: "Move left"),
            KeyBinding([.right], .right, help: "Move right"),
            KeyBinding([.home, .control("a")], .home, help: "Go to start of line"),
            KeyBinding([.end, .control("e")], .end, help: "Go to end of line"),
            KeyBinding([.backspace], .backspace, help: "Delete character before cursor"),
            KeyBinding([.delete, .control("d")], .delete, help: "Delete character under cursor"),
            KeyBinding([.control("k")], .killToEnd, help: "Delete to end of line"),
            KeyBinding([.control("u")], .killToStart, help: "Delete to start of line"),
            KeyBinding([.control("w")], .deleteWordBackward, help: "Delete word before cursor"),
        ])

    /// The raw text.
    public private(set) var text: String
    /// The cursor, as a count of characters (grapheme clusters) before it.
    public private(set) var cursor: Int
    /// The display column shown at the left edge.
    public private(set) var scroll: Int = 0
    /// How many columns the editor is shown in; scrolling keeps the cursor inside this width.
    public var viewWidth: Int {
        didSet { scrollToCursor() }
    }
    /// The display width of each character of ``text`` sanitised on its own, kept in step with
    /// the text so that an edit sanitises only what it inserts (sanitising the whole text on
    /// every key made typing and pasting quadratic in the length).
    private var widths: [Int]

    /// An editor holding `text` with the cursor at its end.
    public init(text: String = "", viewWidth: Int = 20) {
        self.text = text
        cursor = text.count
        widths = text.map(Self.width(of:))
        self.viewWidth = viewWidth
        scrollToCursor()
    }

    /// Applies `key`: an editing command, or inserts a printable character or pasted text (made
    /// one line by ``oneLine(_:)``). Returns whether the key was used (other keys are left for
    /// the caller).
    @discardableResult
    public mutating func handle(_ key: Key) -> Bool {
        if let edit = Self.keymap.command(for: key) {
            apply(edit)
            return true
        }
        switch key {
        case .character(let character):
            insert(String(character))
            return true
        case .paste(let text):
            insert(Self.oneLine(text))
            return true
        default:
            return false
        }
    }

    /// `text` made fit for one line: newlines (a CR LF pair counts as one) and tabs become
    /// spaces, other control characters are dropped.
    public static func oneLine(_ text: String) -> String {
        var line = ""
        line.reserveCapacity(text.utf8.count)
        for character in text {
            if character.isNewline || character == "\t" {
                line.append(" ")
            } else if character.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                line.unicodeScalars.append(
                    contentsOf: character.unicodeScalars.filter { $0.properties.generalCategory != .control })
            } else {
                line.append(character)
            }
        }
        return line
    }

    /// Inserts `string` at the cursor and moves the cursor past it.
    public mutating func insert(_ string: String) {
        let end = (String(text.prefix(cursor)) + string).count
        replace(cursor..<cursor, with: Array(string))
        cursor = min(end, widths.count)
        scrollToCursor()
    }

    /// Applies one editing command.
    public mutating func apply(_ edit: Edit) {
        let count = widths.count
        switch edit {
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(count, cursor + 1)
        case .home: cursor = 0
        case .end: cursor = count
        case .backspace:
            if cursor > 0 {
                replace(cursor - 1..<cursor, with: [])
                cursor -= 1
            }
        case .delete:
            if cursor < count { replace(cursor..<cursor + 1, with: []) }
        case .killToEnd: replace(cursor..<count, with: [])
        case .killToStart:
            replace(0..<cursor, with: [])
            cursor = 0
        case .deleteWordBackward:
            let characters = Array(text)
            var start = cursor
            while start > 0, characters[start - 1].isWhitespace { start -= 1 }
            while start > 0, !characters[start - 1].isWhitespace { start -= 1 }
            replace(start..<cursor, with: [])
            cursor = start
        }
        cursor = min(cursor, widths.count)
        scrollToCursor()
    }

    /// Replaces the characters in `range` with `inserted`, keeping ``widths`` in step: only the
    /// inserted characters are measured, unless the edit joined characters across its edges
    /// (a combining mark, a joiner) or the text holds regional indicators (whose pairing an
    /// edit can shift), when every character is measured again.
    private mutating func replace(_ range: Range<Int>, with inserted: [Character]) {
        var characters = Array(text)
        characters.replaceSubrange(range, with: inserted)
        text = String(characters)
        let regional: ClosedRange<UInt32> = 0x1F1E6...0x1F1FF
        if text.count == characters.count, !text.unicodeScalars.contains(where: { regional.contains($0.value) }) {
            widths.replaceSubrange(range, with: inserted.map(Self.width(of:)))
        } else {
            widths = text.map(Self.width(of:))
        }
    }

    /// The display width of `character` sanitised on its own.
    private static func width(of character: Character) -> Int {
        Sanitizer.line(String(character)).width
    }

    /// The whole text, sanitised for display.
    public var display: DisplayLine {
        segments.joined()
    }

    /// The display column of the cursor within ``display``.
    public var cursorColumn: Int {
        widths.prefix(cursor).reduce(0, +)
    }

    /// Draws the visible part of the text at `point` in `width` columns and, when `focused`,
    /// places the canvas cursor.
    public func render(on canvas: inout some Canvas, at point: Point, width: Int, style: Style, focused: Bool) {
        guard width > 0 else { return }
        guard focused else {
            // Without the cursor, the start of the text, with `…` where it is cut.
            canvas.draw(display.padded(toWidth: width), at: point, width: width, style: style)
            return
        }
        let start = scroll(for: width)
        canvas.draw(
            display.window(fromColumn: start, width: width).padded(toWidth: width), at: point, width: width,
            style: style)
        canvas.placeCursor(at: Point(row: point.row, column: point.column + cursorColumn - start))
    }

    /// Each character sanitised on its own, so cursor positions map to columns exactly.
    private var segments: [DisplayLine] {
        text.map { Sanitizer.line(String($0)) }
    }

    /// The stored scroll, corrected so the cursor is visible in `width` columns and no text is
    /// hidden on the left while there is room on the right (one column is kept for the cursor).
    private func scroll(for width: Int) -> Int {
        let column = cursorColumn
        var start = scroll
        if column < start { start = column }
        if column >= start + width { start = column - width + 1 }
        return min(start, max(0, widths.reduce(0, +) + 1 - width))
    }

    private mutating func scrollToCursor() {
        scroll = scroll(for: max(1, viewWidth))
    }
}
