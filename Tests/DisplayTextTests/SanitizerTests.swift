import DisplayText
import Testing

/// Strings a visitor could type (or a hostile client could post) to attack an operator's terminal.
let hostileCorpus: [String] = [
    "\u{1b}[2J\u{1b}[H wiped",
    "move\u{1b}[10;10Hhere\u{1b}[A\u{1b}[5D",
    "\u{1b}]0;pwned\u{07}title",
    "\u{1b}]52;c;cm0gLXJmIH4=\u{07}clipboard",
    "\u{1b}P1$qm\u{1b}\\dcs",
    "\u{9b}31mC1 CSI\u{9d}0;osc\u{9c}",
    "over\rwrite",
    "back\u{08}\u{08}\u{08}space",
    "\u{202E}gnp.exe\u{202C} and \u{2066}isolate\u{2069}\u{200F}\u{061C}",
    "👨\u{200D}👩\u{200D}👧 family, zero\u{200B}width, soft\u{00AD}hyphen, \u{FEFF}bom",
    "private \u{E000} nonchar \u{FFFF} unassigned \u{0378}",
    "del\u{7F} nul\u{00} bell\u{07} vt\u{0B} ff\u{0C} nel\u{85}",
    "zalgo e" + String(repeating: "\u{0301}", count: 50),
    "\u{0301}leading mark",
    String(repeating: "Я", count: 10_000),
]

/// Whether a scalar could act on a terminal or reorder or hide text.
func isDangerous(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .control, .format, .lineSeparator, .paragraphSeparator, .privateUse, .unassigned, .surrogate:
        return true
    default:
        return scalar.properties.isNoncharacterCodePoint
    }
}

@Suite struct SanitizerTests {
    @Test(arguments: hostileCorpus)
    func hostileTextBecomesInert(_ text: String) {
        let lines = Sanitizer.lines(text) + [Sanitizer.line(text)]
        for line in lines {
            let dangerous = line.string.unicodeScalars.filter(isDangerous)
            #expect(dangerous.isEmpty, "dangerous scalars \(dangerous.map { String($0.value, radix: 16) })")
            #expect(line.width == line.clusters.reduce(0) { $0 + $1.width })
            #expect(line.clusters.allSatisfy { $0.width == 1 || $0.width == 2 })
            #expect(!line.string.contains("\u{1b}"))
        }
    }

    @Test func escapeSequencesShowTheirEscapeAsASymbol() {
        #expect(Sanitizer.line("\u{1b}[2J").string == "␛[2J")
        #expect(Sanitizer.line("\u{1b}]0;pwned\u{07}").string == "␛]0;pwned␇")
        #expect(Sanitizer.line("\u{1b}]52;c;aGk=\u{07}").string == "␛]52;c;aGk=␇")
        #expect(Sanitizer.line("a\u{9b}2Jb").string == "a\u{FFFD}2Jb")
        #expect(Sanitizer.line("a\u{08}b\u{7F}").string == "a␈b␡")
    }

    @Test func lineBreaksSplitLinesOrBecomeVisible() {
        let text = "one\ntwo\r\nthree\rfour\u{2028}five\u{2029}six\u{0B}seven\u{0C}eight\n"
        #expect(
            Sanitizer.lines(text).map(\.string)
                == ["one", "two", "three", "four", "five", "six", "seven", "eight"])
        #expect(Sanitizer.line("a\r\nb\nc").string == "a⏎b⏎c")
        #expect(Sanitizer.lines("").isEmpty)
        #expect(Sanitizer.lines("\n\n").map(\.string) == ["", ""])
    }

    @Test func bidiAndFormatCharactersAreRemoved() {
        #expect(Sanitizer.line("\u{202E}abc\u{202C}").string == "abc")
        #expect(Sanitizer.line("a\u{200B}b\u{00AD}c\u{2060}d\u{FEFF}").string == "abcd")
        #expect(Sanitizer.line("👨\u{200D}👩").string == "👨👩")
        #expect(Sanitizer.line("👍\u{1F3FD}❤\u{FE0F}").string == "👍❤")
    }

    @Test func unprintableCodePointsBecomeReplacementCharacters() {
        #expect(Sanitizer.line("\u{E000}\u{FFFF}\u{0378}").string == "\u{FFFD}\u{FFFD}\u{FFFD}")
    }

    @Test func invalidUTF8IsReplaced() {
        let bytes: [UInt8] = [0x41, 0xFF, 0xC3, 0x28, 0x1B, 0x5B, 0x32, 0x4A, 0xE2, 0x82]
        let line = Sanitizer.line(bytes: bytes)
        #expect(line.string == "A\u{FFFD}\u{FFFD}(␛[2J\u{FFFD}")
        #expect(Sanitizer.lines(bytes: Array("a\nb".utf8)).map(\.string) == ["a", "b"])
    }

    @Test func tabsExpandToTabStops() {
        #expect(Sanitizer.line("a\tb").string == "a   b")
        #expect(Sanitizer.line("\tx").string == "    x")
        #expect(Sanitizer.line("abcd\tx").width == 9)
    }

    @Test func combiningMarksStayWithTheirBaseAndAreCapped() {
        let line = Sanitizer.line("e\u{0301}x")
        #expect(line.clusters.map(\.text) == ["e\u{0301}", "x"])
        #expect(line.width == 2)
        let zalgo = Sanitizer.line("e" + String(repeating: "\u{0301}", count: 50))
        #expect(zalgo.clusters.count == 1)
        #expect(zalgo.clusters[0].text.unicodeScalars.count == 1 + DisplayCluster.maximumMarks)
        #expect(Sanitizer.line("\u{0301}").string == "◌\u{0301}")
    }

    @Test func escapedForTerminalIsOneInertLine() {
        #expect(Sanitizer.escapedForTerminal("Ivan\n\u{1b}[31mred") == "Ivan⏎␛[31mred")
    }

    /// Text with nothing to escape is returned as it is, without building the line; the
    /// outcome is the same scalars as the line's, for every scalar alone, after a base and
    /// before one, and for the hostile corpus. (Scalars are compared: `String`'s `==` takes
    /// `é` for `e` and a combining acute.)
    @Test(
        arguments: [
            0..<0x3_0000, 0xE_0000..<0xE_0200, 0xF_0000..<0xF_0010, 0x10_FFF0..<0x11_0000,
        ] as [Range<UInt32>])
    func escapedForTerminalIsTheLinesTextForEveryScalar(_ range: Range<UInt32>) {
        var differing: [String] = []
        for value in range {
            guard let scalar = Unicode.Scalar(value) else { continue }
            for text in [String(scalar), "a\(scalar)b"] where !sameScalars(text) {
                differing.append(String(value, radix: 16))
            }
        }
        #expect(differing.isEmpty, "escapedForTerminal differs from line(_:) for U+\(differing.prefix(10))")
    }

    @Test func escapedForTerminalIsTheLinesTextForOrdinaryAndHostileText() {
        let ordinary = [
            "", "POST /jivo/… 200 1342B 3ms created lead #18", "Иван Петров, +7 921 553-58-74", "e\u{0301}",
            "\u{0301}leading mark", "tab\there", "日本語のテキスト", "family 👨\u{200D}👩\u{200D}👧", "…\u{1b}]0;x\u{07}",
        ]
        for text in ordinary + hostileCorpus {
            #expect(sameScalars(text), "\(Array(text.unicodeScalars))")
        }
        #expect(Sanitizer.escapedForTerminal("created … \u{1b}[2J") == "created … ␛[2J")
    }

    private func sameScalars(_ text: String) -> Bool {
        Array(Sanitizer.escapedForTerminal(text).unicodeScalars) == Array(Sanitizer.line(text).string.unicodeScalars)
    }

    @Test func longNamesAreMeasuredAndTruncated() {
        let name = Sanitizer.line(String(repeating: "Я", count: 10_000))
        #expect(name.width == 10_000)
        let cut = name.truncated(toWidth: 20)
        #expect(cut.width == 20)
        #expect(cut.string.hasSuffix("…"))
    }
}
