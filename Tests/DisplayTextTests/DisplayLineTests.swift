import DisplayText
import Testing

@Suite struct DisplayLineTests {
    @Test func widthsFollowWcwidth() throws {
        try configureLocale()
        #expect(Sanitizer.line("Привет").width == 6)
        #expect(Sanitizer.line("你好").width == 4)
        #expect(Sanitizer.line("😀").width == 2)
        #expect(Sanitizer.line("Ivan 伊万 😀").width == 12)
        #expect(Sanitizer.line("🇷🇺").width == Sanitizer.line("🇷").width * 2)
    }

    @Test func truncationEndsWithEllipsisAndNeverSplitsWideCharacters() {
        #expect(Sanitizer.line("Привет мир").truncated(toWidth: 7).string == "Привет…")
        #expect(Sanitizer.line("你好世界").truncated(toWidth: 6).string == "你好… ")
        #expect(Sanitizer.line("你好世界").truncated(toWidth: 5).string == "你好…")
        #expect(Sanitizer.line("😀😀😀").truncated(toWidth: 4).string == "😀… ")
        #expect(Sanitizer.line("short").truncated(toWidth: 10).string == "short")
        #expect(Sanitizer.line("abc").truncated(toWidth: 0).isEmpty)
        for width in 1...9 {
            #expect(Sanitizer.line("你好世界ab").truncated(toWidth: width).width == width)
        }
    }

    @Test func paddingMakesExactWidths() {
        #expect(Sanitizer.line("你").padded(toWidth: 4).string == "你  ")
        #expect(Sanitizer.line("abcdef").padded(toWidth: 4).string == "abc…")
    }

    @Test func windowKeepsColumnsAndBlanksCutWideCharacters() {
        let line = Sanitizer.line("a你好b")
        #expect(line.window(fromColumn: 0, width: 2).string == "a ")
        #expect(line.window(fromColumn: 2, width: 3).string == " 好")
        #expect(line.window(fromColumn: 3, width: 10).string == "好b")
        for start in 0...6 {
            #expect(line.window(fromColumn: start, width: 3).width <= 3)
        }
    }

    @Test func wrappingBreaksAtSpacesAndHardBreaksLongWords() {
        let text = Sanitizer.line("the quick brown fox jumps")
        #expect(text.wrapped(toWidth: 10).map(\.string) == ["the quick", "brown fox", "jumps"])
        #expect(Sanitizer.line("abcdefghij").wrapped(toWidth: 4).map(\.string) == ["abcd", "efgh", "ij"])
        #expect(Sanitizer.line("你好世界").wrapped(toWidth: 3).map(\.string) == ["你", "好", "世", "界"])
        #expect(Sanitizer.line("你好").wrapped(toWidth: 1).map(\.string) == ["…", "…"])
        #expect(DisplayLine.empty.wrapped(toWidth: 5) == [.empty])
        let long = Sanitizer.line(String(repeating: "слово ", count: 200))
        #expect(long.wrapped(toWidth: 17).allSatisfy { $0.width <= 17 })
    }

    @Test func concatenationAndLiterals() {
        let label: DisplayLine = "Name: "
        let joined = label + Sanitizer.line("Иван\u{1b}")
        #expect(joined.string == "Name: Иван␛")
        #expect(joined.width == 11)
        #expect([DisplayLine("a"), "b"].joined(separator: " | ").string == "a | b")
        #expect(DisplayLine("─").repeated(3).string == "───")
    }
}
