import DisplayText

/// A bordered box listing keymaps' help sections, drawn over the screen.
public struct HelpOverlay: Sendable {
    /// The sections shown, in order.
    public let sections: [HelpSection]
    /// The first content row shown, for scrolling long help.
    public var offset: Int

    /// An overlay for `sections`, scrolled to the top.
    public init(sections: [HelpSection]) {
        self.sections = sections
        offset = 0
    }

    /// Scrolls by `motion`, `page` being the rows shown, never past the last screenful.
    public mutating func scroll(_ motion: ListMotion, page: Int) {
        let last = max(0, rows.count - page)
        switch motion {
        case .down: offset = min(last, offset + 1)
        case .up: offset = max(0, offset - 1)
        case .pageDown: offset = min(last, offset + page)
        case .pageUp: offset = max(0, offset - page)
        case .top: offset = 0
        case .bottom: offset = last
        }
    }

    /// The content rows: each section's title, its entries, and a blank line between sections.
    var rows: [(DisplayLine, DisplayLine?)] {
        var rows: [(DisplayLine, DisplayLine?)] = []
        for (index, section) in sections.enumerated() {
            if index > 0 { rows.append((.empty, nil)) }
            rows.append((section.title, nil))
            rows += section.entries.map { ($0.keys, $0.help) }
        }
        return rows
    }

    /// Draws the overlay centred in `area`, sized to its content and clipped to `area`.
    public func render(on canvas: inout some Canvas, in area: Rect) {
        let rows = rows
        let keyWidth = sections.flatMap(\.entries).map(\.keys.width).max() ?? 0
        let helpWidth = sections.flatMap(\.entries).map(\.help.width).max() ?? 0
        let titleWidth = sections.map(\.title.width).max() ?? 0
        let contentWidth = max(keyWidth + 2 + helpWidth, titleWidth)
        let box = area.centered(Size(rows: rows.count + 2, columns: contentWidth + 4))
        guard box.rows >= 3, box.columns >= 5 else { return }
        canvas.fill(box, style: .normal)
        canvas.drawBorder(box, title: "Help", style: .focusedBorder)
        let inner = Rect(row: box.top + 1, column: box.left + 2, rows: box.rows - 2, columns: box.columns - 4)
        let start = min(max(0, offset), max(0, rows.count - inner.rows))
        for (line, (first, second)) in rows.dropFirst(start).prefix(inner.rows).enumerated() {
            let point = Point(row: inner.top + line, column: inner.left)
            guard let help = second else {
                canvas.draw(first.truncated(toWidth: inner.columns), at: point, width: inner.columns, style: .header)
                continue
            }
            let keys = first.padded(toWidth: min(keyWidth, inner.columns))
            canvas.draw(keys, at: point, width: inner.columns, style: .key)
            let helpColumn = keyWidth + 2
            guard helpColumn < inner.columns else { continue }
            canvas.draw(
                help.truncated(toWidth: inner.columns - helpColumn),
                at: Point(row: point.row, column: inner.left + helpColumn),
                width: inner.columns - helpColumn, style: .normal)
        }
    }
}
