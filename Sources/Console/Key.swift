import DisplayText

/// One decoded key press.
public enum Key: Sendable, Hashable {
    /// A printable character (never a control character).
    case character(Character)
    /// Ctrl with a letter, as its lowercase letter (`.control("s")` is Ctrl-S).
    case control(Character)
    /// Arrow up.
    case up
    /// Arrow down.
    case down
    /// Arrow left.
    case left
    /// Arrow right.
    case right
    /// Page up.
    case pageUp
    /// Page down.
    case pageDown
    /// Home.
    case home
    /// End.
    case end
    /// Tab.
    case tab
    /// Shift-Tab (back tab).
    case backTab
    /// Enter or Return.
    case enter
    /// Escape on its own.
    case escape
    /// Backspace (DEL, Ctrl-H or the terminal's backspace key).
    case backspace
    /// Delete (forward).
    case delete
    /// Insert.
    case insert
    /// Function key F1…F63.
    case function(Int)
    /// The terminal was resized.
    case resize
    /// A key the decoder does not know, with its raw code.
    case unknown(UInt32)
    /// Text pasted in one go (a bracketed paste, or a burst faster than anyone types): it goes
    /// into the focused text field as text and is never read as commands.
    case paste(String)

    /// A short, human name for help screens and status hints: `↑`, `PgDn`, `Ctrl-S`, `S-Tab`, `F2`.
    public var name: DisplayLine {
        switch self {
        case .character(" "): "Space"
        case .character(let character): Sanitizer.line(String(character))
        case .control(let letter): "Ctrl-" + Sanitizer.line(letter.uppercased())
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .tab: "Tab"
        case .backTab: "S-Tab"
        case .enter: "Enter"
        case .escape: "Esc"
        case .backspace: "Bksp"
        case .delete: "Del"
        case .insert: "Ins"
        case .function(let number): "F" + Sanitizer.line(String(number))
        case .resize: "Resize"
        case .unknown(let code): "Key#" + Sanitizer.line(String(code))
        case .paste: "Paste"
        }
    }
}
