import Console
import Testing

@Suite struct LayoutTests {
    @Test(arguments: [
        Size(rows: 24, columns: 80), Size(rows: 48, columns: 160), Size(rows: 60, columns: 250),
        Size(rows: 24, columns: 81),
    ])
    func splitLayoutTilesTheScreen(size: Size) {
        let layout = Layout(size: size, focus: .list)
        #expect(layout.mode == .split)
        let list = layout.frames[.list]!
        let card = layout.frames[.card]!
        let timeline = layout.frames[.timeline]!
        #expect(layout.status == Rect(row: size.rows - 1, column: 0, rows: 1, columns: size.columns))
        if size.columns >= Layout.minimumTableColumns {
            #expect(list.left == 0 && list.top == 0 && list.columns == size.columns)
            #expect(card.top == list.bottom && card.left == 0 && card.bottom == size.rows - 1)
            #expect(timeline.left == card.right && timeline.right == size.columns)
            #expect(timeline.top == card.top && timeline.bottom == size.rows - 1)
        } else {
            #expect(list.left == 0 && list.rows == size.rows - 1)
            #expect(card.left == list.right && card.right == size.columns)
            #expect(timeline.top == card.bottom && timeline.bottom == size.rows - 1)
        }
        #expect(card.intersection(timeline).isEmpty && list.intersection(card).isEmpty)
        #expect(layout.content(of: .timeline) == timeline.inset(by: 1))
        #expect(list.columns >= 30 && card.rows >= 8)
    }

    @Test(arguments: [Size(rows: 23, columns: 80), Size(rows: 24, columns: 79), Size(rows: 10, columns: 40)])
    func smallScreensShowOnlyTheFocusedPane(size: Size) {
        let layout = Layout(size: size, focus: .card)
        #expect(layout.mode == .single)
        #expect(layout.frames == [.card: Rect(row: 0, column: 0, rows: size.rows - 1, columns: size.columns)])
        #expect(layout.content(of: .list) == nil)
    }

    @Test func tinyScreensDoNotProduceNegativeRects() {
        for rows in 0...3 {
            for columns in 0...3 {
                let layout = Layout(size: Size(rows: rows, columns: columns), focus: .list)
                for frame in layout.frames.values { #expect(frame.rows >= 0 && frame.columns >= 0) }
                var canvas = GridCanvas(size: Size(rows: rows, columns: columns))
                layout.drawFrames(on: &canvas, titles: [.list: "Leads"], focus: .list)
                #expect(canvas.violations.isEmpty)
            }
        }
    }
}
