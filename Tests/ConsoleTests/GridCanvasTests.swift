import Console
import DisplayText
import Testing

@Suite struct GridCanvasTests {
    @Test func wideCharactersOccupyTwoCellsAndAreNeverSplit() {
        var canvas = GridCanvas(size: Size(rows: 1, columns: 5))
        canvas.draw(Sanitizer.line("你好世"), at: Point(row: 0, column: 0), width: 5, style: .normal)
        #expect(canvas.text == "你好")
        #expect(canvas.cells[0][1].text.isEmpty)
        canvas.draw(Sanitizer.line("ab"), at: Point(row: 0, column: 1), width: 2, style: .normal)
        #expect(canvas.text(row: 0) == " ab  ")
    }

    @Test func drawsStopAtTheGivenWidthAndTheEdge() {
        var canvas = GridCanvas(size: Size(rows: 2, columns: 6))
        canvas.draw(Sanitizer.line("abcdef"), at: Point(row: 0, column: 1), width: 3, style: .normal)
        canvas.draw(Sanitizer.line("😀😀😀"), at: Point(row: 1, column: 1), width: 99, style: .normal)
        #expect(canvas.text == " abc\n 😀😀")
        #expect(canvas.violations.isEmpty)
    }

    @Test func drawsOutsideTheClipAreRecordedNotDrawn() {
        var canvas = GridCanvas(size: Size(rows: 3, columns: 10))
        canvas.clip = Rect(row: 1, column: 2, rows: 1, columns: 4)
        canvas.draw(Sanitizer.line("inside"), at: Point(row: 1, column: 2), width: 4, style: .normal)
        #expect(canvas.violations.isEmpty)
        canvas.draw(Sanitizer.line("bleed"), at: Point(row: 1, column: 4), width: 5, style: .normal)
        canvas.draw(Sanitizer.line("x"), at: Point(row: 0, column: 2), width: 1, style: .normal)
        #expect(canvas.violations.count == 4)
        #expect(canvas.text == "\n  inbl\n")
    }

    @Test func fillAndStyles() {
        var canvas = GridCanvas(size: Size(rows: 2, columns: 3))
        canvas.fill(Rect(row: 1, column: 0, rows: 1, columns: 3), style: .statusBar)
        #expect(canvas.style(at: Point(row: 1, column: 2)) == .statusBar)
        #expect(canvas.style(at: Point(row: 0, column: 0)) == .normal)
        canvas.clear()
        #expect(canvas.style(at: Point(row: 1, column: 2)) == .normal)
    }
}
