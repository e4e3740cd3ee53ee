import Console
import Testing

/// Pasted text is text: the assembler gathers it into one ``Key/paste(_:)``, the line editor
/// makes it one line, and the console puts it into the focused field or ignores it.
@Suite struct PasteTests {
    static func keys(_ text: String) -> [InputAssembler.Input] {
        text.map { character -> InputAssembler.Input in
            switch character {
            case "\n": .key(.enter)
            case "\t": .key(.tab)
            default: .key(.character(character))
            }
        }
    }

    @Test func aBracketedPasteIsOneKeyNeverKeys() {
        var assembler = InputAssembler()
        let keys = assembler.assemble(
            [.key(.character("x")), .pasteStart] + Self.keys("Called the client.\n3jjj") + [.pasteEnd], now: 0)
        #expect(keys == [.character("x"), .paste("Called the client.\n3jjj")])
        #expect(!assembler.isPasting)
    }

    @Test func aPasteSplitAcrossWakesWaitsForItsEndMarker() {
        var assembler = InputAssembler()
        #expect(assembler.assemble([.pasteStart] + Self.keys("first q"), now: 0).isEmpty)
        #expect(assembler.isPasting)
        #expect(assembler.assemble([], now: 500).isEmpty)
        #expect(assembler.assemble(Self.keys(" then s"), now: 900).isEmpty)
        #expect(
            assembler.assemble(Self.keys("!") + [.pasteEnd, .key(.down)], now: 1_500) == [
                .paste("first q then s!"), .down,
            ])
    }

    @Test func aLostEndMarkerDeliversThePasteAfterTheTimeoutAndInputFlowsAgain() {
        var assembler = InputAssembler()
        #expect(assembler.assemble([.pasteStart] + Self.keys("abc"), now: 100).isEmpty)
        #expect(assembler.wakeAfter(now: 100) == Int(InputAssembler.pasteTimeout))
        #expect(assembler.assemble([], now: 100 + InputAssembler.pasteTimeout - 1).isEmpty)
        #expect(assembler.assemble([], now: 100 + InputAssembler.pasteTimeout) == [.paste("abc")])
        #expect(assembler.wakeAfter(now: 2_000) == nil)
        #expect(assembler.assemble([.key(.character("j"))], now: 2_000) == [.character("j")])
    }

    @Test func aPasteKeepsAtMostTheCap() {
        var assembler = InputAssembler()
        let long = String(repeating: "ab", count: InputAssembler.maximumPaste)
        let keys = assembler.assemble([.pasteStart] + Self.keys(long) + [.pasteEnd], now: 0)
        #expect(keys == [.paste(String(long.prefix(InputAssembler.maximumPaste)))])
    }

    @Test func aBurstWithAnEnterInTheMiddleIsAPaste() {
        var assembler = InputAssembler()
        #expect(
            assembler.assemble(Self.keys("Called the client.\n3jjj"), now: 0) == [.paste("Called the client.\n3jjj")])
        let long = String(repeating: "pasted text ", count: 4)
        #expect(assembler.assemble(Self.keys(long), now: 0) == [.paste(long)])
    }

    @Test func typingKeyRepeatAndNavigationStayKeys() {
        var assembler = InputAssembler()
        for burst in ["3", "jj", "i", "hello\n", "ab\ncd", String(repeating: "j", count: 60)] {
            let keys = Self.keys(burst)
            #expect(
                assembler.assemble(keys, now: 0) == keys.map { if case .key(let key) = $0 { key } else { .escape } })
        }
        let navigation: [InputAssembler.Input] = Self.keys("abc\ndef") + [.key(.down), .key(.down)]
        #expect(assembler.assemble(navigation, now: 0).count == navigation.count)
    }

    @Test func theLineEditorTakesAPasteAsOneLine() {
        var editor = LineEditor(text: "Note: ", viewWidth: 20)
        let used = editor.handle(.paste("Called\tthe\r\nclient.\n3jjj\u{7}\u{1b}[2J"))
        #expect(used)
        #expect(editor.text == "Note: Called the client. 3jjj[2J")
        #expect(editor.cursor == editor.text.count)
    }

    @Test func aPasteIntoTheNoteFormIsOneNoteAndNoCommand() throws {
        let world = try ConsoleWorld.populated()
        let id = try world.leadID(named: "Иван Петров")
        let app = world.app(view: .unsorted)
        #expect(app.state.openLeadID == id)
        app.press(.character("i"), .paste("Called the client.\n3jjj"), .enter)
        #expect(try world.store.notes(lead: id).map(\.text) == ["Called the client. 3jjj"])
        #expect(app.state.query.tab == .unsorted)
        #expect(app.state.openLeadID == id)
    }

    @Test func aPasteWithNoTextFieldDoesNothingAndSaysSo() throws {
        let world = try ConsoleWorld.populated()
        let app = world.app(view: .unsorted)
        let selected = app.state.list.selectedID
        app.press(.paste("3jjjq"))
        #expect(app.state.query.tab == .unsorted)
        #expect(app.state.list.selectedID == selected)
        #expect(!app.state.quitRequested)
        #expect(app.state.notice?.text.string.hasPrefix("Paste ignored") == true)
    }

    @Test func aPasteIntoTheSearchLineSearchesForIt() throws {
        let world = try ConsoleWorld.populated()
        let app = world.app()
        app.press(.character("/"), .paste("plain\nascii"), .enter)
        #expect(app.state.query.search == "plain ascii")
    }
}

/// Escape sequences curses did not decode (a terminal whose keys its terminfo entry does not
/// describe) are read as the keys they stand for, or dropped, never as Esc and characters: Esc
/// then `4` cleared the filters and switched the list to Conflicts.
@Suite struct UndecodedEscapeSequenceTests {
    private static func keys(_ text: String) -> [InputAssembler.Input] {
        text.map { $0 == "\u{1b}" ? .key(.escape) : .key(.character($0)) }
    }

    @Test(arguments: [
        ("\u{1b}[4~", Key.end), ("\u{1b}[1~", .home), ("\u{1b}[7~", .home), ("\u{1b}[8~", .end), ("\u{1b}[H", .home),
        ("\u{1b}[F", .end), ("\u{1b}OH", .home), ("\u{1b}OF", .end), ("\u{1b}[3~", .delete), ("\u{1b}[2~", .insert),
        ("\u{1b}[5~", .pageUp), ("\u{1b}[6~", .pageDown), ("\u{1b}[A", .up), ("\u{1b}OB", .down),
        ("\u{1b}[1;5C", .right), ("\u{1b}[D", .left), ("\u{1b}[Z", .backTab), ("\u{1b}OM", .enter),
        ("\u{1b}OP", .function(1)), ("\u{1b}OS", .function(4)),
    ])
    func aKnownSequenceIsItsKey(sequence: String, key: Key) {
        var assembler = InputAssembler()
        #expect(assembler.assemble(Self.keys(sequence), now: 0) == [key])
    }

    @Test func anUnknownSequenceIsDropped() {
        var assembler = InputAssembler()
        #expect(assembler.assemble(Self.keys("\u{1b}[99;7z"), now: 0) == [])
        #expect(assembler.assemble(Self.keys("\u{1b}[4~j"), now: 0) == [.end, .character("j")])
    }

    @Test func escapeAloneAndAltWithALetterStayAsTheyAre() {
        var assembler = InputAssembler()
        #expect(assembler.assemble([.key(.escape)], now: 0) == [.escape])
        #expect(assembler.assemble(Self.keys("\u{1b}x"), now: 0) == [.escape, .character("x")])
        #expect(assembler.assemble(Self.keys("\u{1b}["), now: 0) == [.escape, .character("[")])
    }
}
