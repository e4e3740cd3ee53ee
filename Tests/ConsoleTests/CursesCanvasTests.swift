import CNCurses
@testable import Console
import DisplayText
import Foundation
import Testing

/// Drives real ncurses on a scratch screen whose output goes to a temporary file, then checks the
/// bytes ncurses emitted: hostile text must arrive as inert symbols, never as escape sequences.
@Suite(.serialized) struct CursesCanvasTests {
    /// What ncurses emits for a scratch 80x24 xterm screen after `draw` drew on its canvas.
    private func emitted(_ draw: (inout CursesCanvas) -> Void) throws -> String {
        try configureLocale()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("curses-\(UUID().uuidString).out").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let output = try #require(fopen(path, "w+"))
        let input = try #require(fopen("/dev/null", "r"))
        let screen = try #require(newterm("xterm-256color", output, input))
        var canvas = CursesCanvas(theme: .color)
        #expect(canvas.size == Size(rows: 24, columns: 80))
        draw(&canvas)
        refresh()
        endwin()
        delscreen(screen)
        fclose(output)
        fclose(input)
        return String(decoding: try #require(FileManager.default.contents(atPath: path)), as: UTF8.self)
    }

    @Test func hostileTextReachesTheTerminalInert() throws {
        let hostile = Sanitizer.line("\u{1b}]0;pwned\u{07}\u{1b}]52;c;aGk=\u{07}\u{9b}2J Иван 你好 e\u{0301}")
        let emitted = try emitted { canvas in
            canvas.draw(hostile, at: Point(row: 2, column: 3), width: 60, style: .selected)
            canvas.draw(Sanitizer.line("你好"), at: Point(row: 3, column: 78), width: 2, style: .normal)
        }
        #expect(!emitted.contains("\u{1b}]0;"))
        #expect(!emitted.contains("\u{1b}]52;"))
        #expect(!emitted.contains("\u{9b}"))
        #expect(emitted.contains("␛]0;pwned␇␛]52;c;aGk=␇"))
        #expect(emitted.contains("Иван"))
        #expect(emitted.contains("你好"))
        #expect(emitted.contains("e\u{0301}"))
    }

    @Test func aLetterWithAsManyMarksAsTheSanitizerKeepsIsDrawnWhole() throws {
        // Nine acute accents on b: the sanitizer keeps DisplayCluster.maximumMarks of them.
        let line = Sanitizer.line("Ab" + String(repeating: "\u{0301}", count: 9) + "c")
        let marks = String(repeating: "\u{0301}", count: DisplayCluster.maximumMarks)
        #expect(line.string == "Ab" + marks + "c")
        let emitted = try emitted { canvas in
            canvas.draw(line, at: Point(row: 2, column: 3), width: 20, style: .normal)
        }
        #expect(emitted.unicodeScalars.contains("b"), "the base letter was not drawn")
        #expect(emitted.contains("b" + marks), "\(emitted.unicodeScalars.map { String($0.value, radix: 16) })")
    }
}
