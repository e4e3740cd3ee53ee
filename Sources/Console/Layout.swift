import DisplayText

/// The console's panes.
public enum Pane: Sendable, Hashable, CaseIterable {
    /// The lead list, on the left.
    case list
    /// The selected lead's card, top right.
    case card
    /// The selected lead's timeline, bottom right.
    case timeline
}

/// Where each pane goes for a screen size: three bordered panes and a status line at 80x24 and
/// above (from ``minimumTableColumns`` columns the list spans the top as a one-line table, the
/// card and timeline side by side below it), otherwise only the focused pane (single-pane mode)
/// above the status line.
public struct Layout: Sendable, Hashable {
    /// The smallest size that gets the three-pane layout.
    public static let minimumSplitSize = Size(rows: 24, columns: 80)
    /// The narrowest screen whose list is a one-line table across the top.
    public static let minimumTableColumns = 140

    /// Whether all panes are shown or only the focused one.
    public enum Mode: Sendable, Hashable {
        /// List, card and timeline side by side.
        case split
        /// Only the focused pane.
        case single
    }

    /// The chosen mode.
    public let mode: Mode
    /// The bordered frame of each shown pane.
    public let frames: [Pane: Rect]
    /// The status line (the last `statusRows` rows).
    public let status: Rect

    /// Lays out a screen of `size` with `statusRows` rows of status at the bottom; in single-pane
    /// mode `focus` is the pane shown.
    public init(size: Size, focus: Pane, statusRows: Int = 1) {
        let statusRows = min(max(1, statusRows), size.rows)
        status = Rect(row: size.rows - statusRows, column: 0, rows: statusRows, columns: size.columns)
        let body = Rect(row: 0, column: 0, rows: size.rows - statusRows, columns: size.columns)
        if size.rows >= Self.minimumSplitSize.rows && size.columns >= Self.minimumSplitSize.columns {
            mode = .split
            if size.columns >= Self.minimumTableColumns {
                let listRows = body.rows * 2 / 5
                let cardColumns = size.columns * 2 / 5
                frames = [
                    .list: Rect(row: 0, column: 0, rows: listRows, columns: size.columns),
                    .card: Rect(row: listRows, column: 0, rows: body.rows - listRows, columns: cardColumns),
                    .timeline: Rect(
                        row: listRows, column: cardColumns, rows: body.rows - listRows,
                        columns: size.columns - cardColumns),
                ]
                return
            }
            let listColumns = size.columns * 2 / 5
            let cardRows = body.rows * 2 / 5
            let rightColumns = size.columns - listColumns
            frames = [
                .list: Rect(row: 0, column: 0, rows: body.rows, columns: listColumns),
                .card: Rect(row: 0, column: listColumns, rows: cardRows, columns: rightColumns),
                .timeline: Rect(row: cardRows, column: listColumns, rows: body.rows - cardRows, columns: rightColumns),
            ]
        } else {
            mode = .single
            frames = [focus: body]
        }
    }

    /// The inside of `pane`'s border, or `nil` when the pane is not shown.
    public func content(of pane: Pane) -> Rect? {
        frames[pane].map { $0.inset(by: 1) }
    }

    /// Draws the borders of the shown panes with `titles`, highlighting `focus`.
    public func drawFrames(on canvas: inout some Canvas, titles: [Pane: DisplayLine], focus: Pane) {
        for pane in Pane.allCases {
            guard let frame = frames[pane] else { continue }
            canvas.drawBorder(frame, title: titles[pane], style: pane == focus ? .focusedBorder : .unfocusedBorder)
        }
    }
}
