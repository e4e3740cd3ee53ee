import CRMCore
import DisplayText

/// One row of pane text and its style.
public struct StyledLine: Sendable, Equatable {
    /// The text.
    public var text: DisplayLine
    /// Its style.
    public var style: Style

    /// A row of `text` in `style`.
    public init(_ text: DisplayLine, _ style: Style = .normal) {
        self.text = text
        self.style = style
    }
}

extension Canvas {
    /// Draws `lines` from `offset` into `rect`, each truncated with `…` to the width; returns the
    /// offset actually used (limited so the last page is full).
    @discardableResult
    mutating func drawLines(_ lines: [StyledLine], in rect: Rect, offset: Int) -> Int {
        guard !rect.isEmpty else { return 0 }
        let start = min(max(0, offset), max(0, lines.count - rect.rows))
        for (row, line) in lines.dropFirst(start).prefix(rect.rows).enumerated() {
            draw(
                line.text.truncated(toWidth: rect.columns), at: Point(row: rect.top + row, column: rect.left),
                width: rect.columns, style: line.style)
        }
        return start
    }
}

/// Times as the console shows them: in the configured zone, which the status bar names once.
enum ConsoleTime {
    /// `2023-11-14 22:13` in `zone`.
    static func full(_ milliseconds: Int64, _ zone: LocalTime) -> DisplayLine {
        Sanitizer.line(zone.short(milliseconds: milliseconds))
    }

    /// `11-14 22:13` in `zone`.
    static func compact(_ milliseconds: Int64, _ zone: LocalTime) -> DisplayLine {
        Sanitizer.line(String(zone.short(milliseconds: milliseconds).dropFirst(5)))
    }

    /// `2023-11-14 22:13–22:40` in `zone`; the end with its date when it falls on another day.
    static func span(_ start: Int64, _ end: Int64, _ zone: LocalTime) -> DisplayLine {
        let from = zone.short(milliseconds: start)
        let to = zone.short(milliseconds: end)
        return Sanitizer.line(from + "–" + (to.prefix(10) == from.prefix(10) ? String(to.suffix(5)) : to))
    }

    /// `22:13` in `zone`.
    static func clock(_ milliseconds: Int64, _ zone: LocalTime) -> DisplayLine {
        Sanitizer.line(String(zone.short(milliseconds: milliseconds).suffix(5)))
    }
}

/// A label column then a value, the value sanitised: `Phone       +1 408…`.
func labelled(_ label: StaticString, _ value: String, width: Int = 12) -> StyledLine {
    StyledLine(DisplayLine(label).padded(toWidth: width) + Sanitizer.line(value))
}
