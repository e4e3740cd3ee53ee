import Console
import Testing

@Suite struct LineEditorTests {
    func typed(_ text: String, width: Int = 20) -> LineEditor {
        var editor = LineEditor(viewWidth: width)
        for character in text { editor.handle(.character(character)) }
        return editor
    }

    @Test func insertsAtCursorAndMoves() {
        var editor = typed("helo")
        editor.handle(.left)
        editor.handle(.character("l"))
        #expect(editor.text == "hello")
        #expect(editor.cursor == 4)
        editor.handle(.home)
        editor.handle(.character(">"))
        #expect(editor.text == ">hello")
        editor.handle(.control("e"))
        #expect(editor.cursor == 6)
        editor.handle(.control("a"))
        #expect(editor.cursor == 0)
        editor.handle(.end)
        #expect(editor.cursor == 6)
    }

    @Test func backspaceAndDelete() {
        var editor = typed("abc")
        editor.handle(.backspace)
        #expect(editor.text == "ab")
        editor.handle(.home)
        editor.handle(.delete)
        #expect(editor.text == "b")
        editor.handle(.backspace)
        #expect(editor.text == "b")
        editor.handle(.end)
        editor.handle(.delete)
        #expect(editor.text == "b")
    }

    @Test func killCommands() {
        var editor = typed("one two three")
        editor.handle(.control("w"))
        #expect(editor.text == "one two ")
        editor.handle(.control("w"))
        #expect(editor.text == "one ")
        editor = typed("one two three")
        for _ in 0..<6 { editor.handle(.left) }
        editor.handle(.control("k"))
        #expect(editor.text == "one two")
        editor.handle(.left)
        editor.handle(.control("u"))
        #expect(editor.text == "o")
        #expect(editor.cursor == 0)
    }

    @Test func combiningMarkJoinsThePreviousCharacter() {
        var editor = typed("e")
        editor.handle(.character("\u{0301}"))
        #expect(editor.text == "e\u{0301}")
        #expect(editor.cursor == 1)
        #expect(editor.cursorColumn == 1)
    }

    @Test func columnsStayExactThroughEditsThatJoinOrSplitCharacters() {
        var editor = LineEditor(viewWidth: 8)
        let keys: [Key] = [
            .character("🇺"), .character("🇸"), .character("a"), .home, .character("🇬"), .end, .character("\u{0301}"),
            .paste("你好\u{200D}x\tz"), .left, .left, .backspace, .control("w"), .character("e"), .delete, .home,
            .character("\u{0301}"), .end, .character("🇧"),
        ]
        for key in keys {
            editor.handle(key)
            var fresh = LineEditor(text: editor.text, viewWidth: 8)
            for _ in editor.cursor..<editor.text.count { fresh.handle(.left) }
            #expect(editor.cursor == fresh.cursor, "after \(key)")
            #expect(editor.cursorColumn == fresh.cursorColumn, "after \(key)")
            #expect(editor.display == fresh.display, "after \(key)")
        }
    }

    @Test func cursorColumnCountsDisplayWidth() {
        var editor = typed("你好ab")
        #expect(editor.cursorColumn == 6)
        editor.handle(.left)
        editor.handle(.left)
        #expect(editor.cursorColumn == 4)
    }

    @Test func scrollsHorizontallyByDisplayWidth() {
        var editor = typed("abcdefghij你好", width: 6)
        #expect(editor.cursorColumn == 14)
        #expect(editor.scroll == 9)
        editor.handle(.home)
        #expect(editor.scroll == 0)
        var canvas = GridCanvas(size: Size(rows: 1, columns: 10))
        canvas.clip = Rect(row: 0, column: 2, rows: 1, columns: 6)
        editor.handle(.end)
        editor.render(on: &canvas, at: Point(row: 0, column: 2), width: 6, style: .input, focused: true)
        #expect(canvas.violations.isEmpty)
        #expect(canvas.text(row: 0, column: 2, width: 6) == "j你好 ")
        #expect(canvas.cursor == Point(row: 0, column: 2 + 14 - 9))
    }

    @Test func controlKeysThatAreNotBoundAreNotInserted() {
        var editor = typed("x")
        let usedCtrlZ = editor.handle(.control("z"))
        let usedEscape = editor.handle(.escape)
        #expect(!usedCtrlZ)
        #expect(!usedEscape)
        #expect(editor.text == "x")
    }

    @Test func hostileTextIsShownInert() {
        var editor = LineEditor(text: "a\u{1b}[2Jb")
        editor.viewWidth = 20
        #expect(editor.display.string == "a␛[2Jb")
    }
}
