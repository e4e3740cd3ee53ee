import DisplayText

/// An in-memory canvas for tests and golden files: a grid of cells plus a record of any draw that
/// strayed outside ``clip``.
public struct GridCanvas: Canvas {
    /// One cell: the cluster drawn there and its style; the second cell of a wide cluster is a
    /// continuation with empty text.
    public struct Cell: Sendable, Hashable {
        /// The cluster's text, `" "` when blank, `""` for a wide cluster's second cell.
        public var text: String
        /// The style the cell was drawn in.
        public var style: Style
    }

    /// The canvas size.
    public let size: Size
    /// Cells by row, then column.
    public private(set) var cells: [[Cell]]
    /// The only area draws may touch; anything outside is not drawn and is recorded in
    /// ``violations``. Defaults to the whole canvas.
    public var clip: Rect
    /// Descriptions of draws that fell outside ``clip``.
    public private(set) var violations: [String] = []
    /// The cursor position last placed, if any.
    public private(set) var cursor: Point?

    /// A blank canvas of `size`.
    public init(size: Size) {
        self.size = size
        clip = Rect(size: size)
        cells = Array(
            repeating: Array(repeating: Cell(text: " ", style: .normal), count: size.columns),
            count: size.rows)
    }

    /// Draws `line` at `point` within `width` columns; see ``Canvas``.
    public mutating func draw(_ line: DisplayLine, at point: Point, width: Int, style: Style) {
        for placed in placed(line, column: point.column, width: width, limit: size.columns) {
            put(placed.cluster, at: Point(row: point.row, column: placed.column), style: style)
        }
    }

    /// Fills `rect` with spaces in `style`.
    public mutating func fill(_ rect: Rect, style: Style) {
        for row in rect.top..<max(rect.top, rect.bottom) {
            draw(.spaces(rect.columns), at: Point(row: row, column: rect.left), width: rect.columns, style: style)
        }
    }

    /// Blanks every cell (not subject to ``clip``).
    public mutating func clear() {
        for row in cells.indices {
            for column in cells[row].indices { cells[row][column] = Cell(text: " ", style: .normal) }
        }
    }

    /// Records the cursor position.
    public mutating func placeCursor(at point: Point?) {
        cursor = point
    }

    /// The screen as text: rows joined by `\n`, trailing spaces removed, a wide cluster printed
    /// once for its two cells.
    public var text: String {
        cells.map { row in
            let line = row.map(\.text).joined()
            return String(line.reversed().drop { $0 == " " }.reversed())
        }.joined(separator: "\n")
    }

    /// The text of `row` from column `column` for `width` cells, trailing spaces kept.
    public func text(row: Int, column: Int = 0, width: Int? = nil) -> String {
        let end = min(size.columns, column + (width ?? size.columns))
        return cells[row][column..<end].map(\.text).joined()
    }

    /// The style of the cell at `point`.
    public func style(at point: Point) -> Style {
        cells[point.row][point.column].style
    }

    private mutating func put(_ cluster: DisplayCluster, at point: Point, style: Style) {
        let last = Point(row: point.row, column: point.column + cluster.width - 1)
        guard clip.contains(point), clip.contains(last) else {
            violations.append("\"\(cluster.text)\" at row \(point.row), column \(point.column) outside \(clip)")
            return
        }
        guard point.row >= 0, point.row < size.rows else { return }
        for column in point.column...last.column {
            if cells[point.row][column].text.isEmpty, column > 0 {
                cells[point.row][column - 1] = Cell(text: " ", style: cells[point.row][column - 1].style)
            }
            if column + 1 < size.columns, cells[point.row][column + 1].text.isEmpty {
                cells[point.row][column + 1] = Cell(text: " ", style: cells[point.row][column + 1].style)
            }
        }
        cells[point.row][point.column] = Cell(text: cluster.text, style: style)
        if cluster.width == 2 { cells[point.row][last.column] = Cell(text: "", style: style) }
    }
}
