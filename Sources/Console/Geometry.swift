/// A cell position: zero-based row and column from the top-left corner.
public struct Point: Sendable, Hashable {
    /// Zero-based row.
    public var row: Int
    /// Zero-based column.
    public var column: Int

    /// A point at `row`, `column`.
    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }
}

/// A size in terminal cells.
public struct Size: Sendable, Hashable {
    /// Number of rows.
    public var rows: Int
    /// Number of columns.
    public var columns: Int

    /// A size of `rows` by `columns` (negative values become zero).
    public init(rows: Int, columns: Int) {
        self.rows = max(0, rows)
        self.columns = max(0, columns)
    }
}

/// A rectangle of cells: its top-left corner and its size.
public struct Rect: Sendable, Hashable {
    /// Top-left cell.
    public var origin: Point
    /// Extent in cells.
    public var size: Size

    /// A rectangle with its top-left cell at `row`, `column`.
    public init(row: Int, column: Int, rows: Int, columns: Int) {
        origin = Point(row: row, column: column)
        size = Size(rows: rows, columns: columns)
    }

    /// The rectangle covering a whole screen of `size`.
    public init(size: Size) {
        self.init(row: 0, column: 0, rows: size.rows, columns: size.columns)
    }

    /// First row.
    public var top: Int { origin.row }
    /// First column.
    public var left: Int { origin.column }
    /// One past the last row.
    public var bottom: Int { origin.row + size.rows }
    /// One past the last column.
    public var right: Int { origin.column + size.columns }
    /// Number of rows.
    public var rows: Int { size.rows }
    /// Number of columns.
    public var columns: Int { size.columns }
    /// Whether the rectangle holds no cells.
    public var isEmpty: Bool { size.rows == 0 || size.columns == 0 }

    /// Whether `point` lies inside the rectangle.
    public func contains(_ point: Point) -> Bool {
        point.row >= top && point.row < bottom && point.column >= left && point.column < right
    }

    /// The rectangle shrunk by `cells` on every side (never negative).
    public func inset(by cells: Int) -> Rect {
        Rect(row: top + cells, column: left + cells, rows: rows - 2 * cells, columns: columns - 2 * cells)
    }

    /// The part of the rectangle shared with `other` (empty when they do not overlap).
    public func intersection(_ other: Rect) -> Rect {
        let top = max(self.top, other.top)
        let left = max(self.left, other.left)
        return Rect(
            row: top, column: left, rows: min(bottom, other.bottom) - top,
            columns: min(right, other.right) - left)
    }

    /// A rectangle of at most `size` centred inside this one.
    public func centered(_ size: Size) -> Rect {
        let rows = min(size.rows, self.rows)
        let columns = min(size.columns, self.columns)
        return Rect(
            row: top + (self.rows - rows) / 2, column: left + (self.columns - columns) / 2,
            rows: rows, columns: columns)
    }
}
