import DisplayText

/// A surface the console draws on: ``GridCanvas`` in tests, ``CursesCanvas`` on a terminal.
///
/// Only ``DisplayLine`` can be drawn, so only sanitised, measured text reaches the screen.
/// Implementations clip every draw to the given width and to their own edges, and never split a
/// wide character: a wide character that does not fit is drawn as a space.
public protocol Canvas {
    /// The drawable area in cells.
    var size: Size { get }
    /// Draws `line` starting at `point`, using at most `width` columns, in `style`.
    mutating func draw(_ line: DisplayLine, at point: Point, width: Int, style: Style)
    /// Fills `rect` with spaces in `style`.
    mutating func fill(_ rect: Rect, style: Style)
    /// Blanks the whole canvas.
    mutating func clear()
    /// Where the terminal cursor should blink after drawing (a focused input), or `nil` to hide it.
    mutating func placeCursor(at point: Point?)
}

/// One cluster placed at a column, as produced by clipping.
struct PlacedCluster {
    let column: Int
    let cluster: DisplayCluster
}

extension Canvas {
    /// The clusters of `line` placed from `column`, clipped to `width` columns and `limit` (the
    /// canvas edge); a wide cluster cut by the edge becomes a space.
    func placed(_ line: DisplayLine, column: Int, width: Int, limit: Int) -> [PlacedCluster] {
        let end = min(column + max(0, width), limit)
        var result: [PlacedCluster] = []
        var at = column
        for cluster in line.clusters {
            if at >= end { break }
            if at >= 0 {
                let fits = at + cluster.width <= end
                result.append(PlacedCluster(column: at, cluster: fits ? cluster : blankCluster))
            }
            at += cluster.width
        }
        return result
    }

    /// Draws `line` on one row filling exactly `width` columns (truncated with `…` or padded).
    public mutating func drawFitted(_ line: DisplayLine, at point: Point, width: Int, style: Style) {
        draw(line.padded(toWidth: width), at: point, width: width, style: style)
    }

    /// Draws a box around `rect` with an optional title in its top edge.
    public mutating func drawBorder(_ rect: Rect, title: DisplayLine? = nil, style: Style) {
        guard rect.rows >= 2, rect.columns >= 2 else { return }
        let inner = rect.columns - 2
        let horizontal = DisplayLine("─").repeated(inner)
        draw("┌" + horizontal + "┐", at: rect.origin, width: rect.columns, style: style)
        draw(
            "└" + horizontal + "┘", at: Point(row: rect.bottom - 1, column: rect.left), width: rect.columns,
            style: style)
        for row in rect.top + 1..<rect.bottom - 1 {
            draw("│", at: Point(row: row, column: rect.left), width: 1, style: style)
            draw("│", at: Point(row: row, column: rect.right - 1), width: 1, style: style)
        }
        if let title, inner > 4 {
            let label = (" " + title + " ").truncated(toWidth: inner - 2)
            draw(label, at: Point(row: rect.top, column: rect.left + 2), width: inner - 2, style: .title)
        }
    }
}

/// A one-column space, used where a wide character does not fit.
let blankCluster = DisplayLine(" ").clusters[0]
