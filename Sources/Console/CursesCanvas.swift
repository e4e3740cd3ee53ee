import CNCurses
import DisplayText

/// The ncurses screen as a ``Canvas``. Created by ``TerminalSession`` once curses is running;
/// with ``TerminalSession`` it is the only code that calls ncurses.
public struct CursesCanvas: Canvas {
    private struct Pen {
        let attributes: attr_t
        let pair: Int16
    }

    private let pens: [Style: Pen]
    /// Where the cursor should be shown after drawing, or `nil` to hide it.
    public private(set) var cursor: Point?

    /// Registers colour pairs for `theme` (when it uses colour) and maps every style to a pen.
    init(theme: Theme) {
        var pairs: [Appearance: Int16] = [:]
        var pens: [Style: Pen] = [:]
        for style in Style.allCases {
            let appearance = theme.appearance(for: style)
            var pair: Int16 = 0
            if theme.usesColor, appearance.foreground != .terminalDefault || appearance.background != .terminalDefault {
                let colors = Appearance(foreground: appearance.foreground, background: appearance.background)
                if let known = pairs[colors] {
                    pair = known
                } else {
                    pair = Int16(pairs.count + 1)
                    pairs[colors] = pair
                    init_pair(pair, appearance.foreground.rawValue, appearance.background.rawValue)
                }
            }
            pens[style] = Pen(attributes: Self.attributes(appearance.attributes), pair: pair)
        }
        self.pens = pens
    }

    private static func attributes(_ attributes: TextAttributes) -> attr_t {
        var result = cnc_a_normal()
        if attributes.contains(.bold) { result |= cnc_a_bold() }
        if attributes.contains(.dim) { result |= cnc_a_dim() }
        if attributes.contains(.reverse) { result |= cnc_a_reverse() }
        if attributes.contains(.underline) { result |= cnc_a_underline() }
        return result
    }

    /// The current terminal size.
    public var size: Size {
        Size(rows: Int(cnc_lines()), columns: Int(cnc_cols()))
    }

    /// Draws `line` cluster by cluster, each cluster into one `cchar_t` cell.
    public mutating func draw(_ line: DisplayLine, at point: Point, width: Int, style: Style) {
        let size = size
        guard point.row >= 0, point.row < size.rows, let pen = pens[style] else { return }
        for placed in placed(line, column: point.column, width: width, limit: size.columns) {
            var wide = placed.cluster.text.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
            wide.append(0)
            _ = cnc_put_cluster(Int32(point.row), Int32(placed.column), wide, pen.attributes, pen.pair)
        }
    }

    /// Fills `rect` with spaces in `style`.
    public mutating func fill(_ rect: Rect, style: Style) {
        for row in rect.top..<max(rect.top, rect.bottom) {
            draw(.spaces(rect.columns), at: Point(row: row, column: rect.left), width: rect.columns, style: style)
        }
    }

    /// Erases the screen (takes effect at the next refresh).
    public mutating func clear() {
        werase(cnc_stdscr())
        cursor = nil
    }

    /// Records where the cursor goes; the session moves it after drawing.
    public mutating func placeCursor(at point: Point?) {
        cursor = point
    }
}
