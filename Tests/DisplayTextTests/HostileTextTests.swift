import DisplayText
import Testing

/// Text beyond `hostileCorpus`: the rest of the escape-sequence families a terminal acts on,
/// every 8-bit C1 control, the remaining bidi and zero-width controls, and lengths.
let hostileTextCorpus: [String] = [
    "\u{1b}7saved\u{1b}8restored\u{1b}c reset \u{1b}D\u{1b}M\u{1b}E index",
    "\u{1b}[?1049h\u{1b}[?25l alt screen, hidden cursor \u{1b}[?1000h mouse",
    "\u{1b}[38;2;255;0;0m\u{1b}[0;1;4;5;7m sgr \u{1b}[6n report \u{1b}[c device",
    "\u{1b}[" + String(repeating: "9;", count: 2_000) + "H many parameters",
    "\u{1b}]2;window title\u{1b}\\ st-terminated \u{1b}]1;icon\u{07}",
    "\u{1b}]8;;https://evil.example/\u{1b}\\link\u{1b}]8;;\u{1b}\\",
    "\u{1b}]52;p;Y3VybCBldmlsIHwgc2g=\u{1b}\\ primary selection",
    "\u{1b}_apc\u{1b}\\ \u{1b}^pm\u{1b}\\ \u{1b}Xsos\u{1b}\\",
    "ends with a lone escape \u{1b}",
    (0x80...0x9F).map { String(UnicodeScalar(UInt8($0))) }.joined() + " every C1",
    "\u{9b}2J\u{9b}H\u{9d}0;title\u{9c}\u{90}dcs\u{9c}\u{98}sos\u{9c}\u{9e}pm\u{9c}\u{9f}apc\u{9c}",
    "carriage\rreturn\rin\rname",
    "\r\r\r\r\rleading returns",
    "back\u{08}\u{08}\u{08}\u{08}\u{08}\u{08}\u{08}\u{08}\u{08}\u{08}more than the line",
    "\u{202A}lre\u{202B}rle\u{202C}pdf\u{202D}lro\u{202E}rlo\u{2067}rli\u{2068}fsi\u{2069}pdi\u{200E}lrm\u{200F}rlm\u{061C}alm",
    "zero\u{200B}width\u{200C}non\u{200D}joiner\u{2060}word\u{2061}\u{2062}\u{2063}\u{2064}invisible",
    String(repeating: "\u{200D}", count: 10_000),
    String(repeating: "a", count: 10_000),
    String(repeating: "\u{1b}[1A", count: 2_500),
    String(repeating: "王", count: 10_000),
    String(repeating: "😀", count: 10_000),
]

/// Byte strings that are not valid UTF-8, or that carry controls in their raw 8-bit form.
let hostileByteCorpus: [[UInt8]] = [
    [0x9B, 0x32, 0x4A, 0x9B, 0x48],  // raw 8-bit CSI: clear screen, home
    [0x9D, 0x30, 0x3B, 0x74, 0x07],  // raw 8-bit OSC title
    [0xC0, 0xAF, 0xE0, 0x80, 0xAF],  // overlong encodings of '/'
    [0xC0, 0x9B, 0xE0, 0x82, 0x9B],  // overlong encodings of ESC and CSI
    [0xED, 0xA0, 0x80, 0xED, 0xBF, 0xBF],  // UTF-16 surrogates
    [0xF4, 0x90, 0x80, 0x80, 0xF8, 0x88, 0x80, 0x80, 0x80],  // above U+10FFFF, 5-byte form
    [0x41, 0xE2, 0x82],  // truncated at the end
    [0xFE, 0xFF, 0xFF, 0xFE],  // byte-order marks as bytes
    [0x1B] + Array("[2J".utf8) + [0x80, 0xBF],  // escape then stray continuation bytes
    Array(repeating: 0x9B, count: 10_000),
]

/// Whether the UTF-8 of `text` holds a byte a terminal acts on: C0, DEL or C1.
func hasTerminalControl(_ text: String) -> Bool {
    text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
}

@Suite struct HostileTextTests {
    @Test(arguments: hostileTextCorpus + hostileCorpus)
    func textBecomesOneInertLine(_ text: String) {
        for line in Sanitizer.lines(text) + [Sanitizer.line(text)] {
            expectInert(line)
        }
    }

    @Test(arguments: hostileByteCorpus)
    func bytesBecomeOneInertLine(_ bytes: [UInt8]) {
        for line in Sanitizer.lines(bytes: bytes) + [Sanitizer.line(bytes: bytes)] {
            expectInert(line)
        }
    }

    @Test func everyC1ControlIsReplaced() {
        for value in UInt32(0x80)...0x9F {
            let line = Sanitizer.line("a" + String(UnicodeScalar(value)!) + "b")
            #expect(line.string == "a\u{FFFD}b", "U+\(String(value, radix: 16))")
        }
    }

    @Test func rawC1BytesAreNotDecodedAsControls() {
        #expect(Sanitizer.line(bytes: [0x61, 0x9B, 0x32, 0x4A]).string == "a\u{FFFD}2J")
    }

    @Test func carriageReturnsAndBackspacesCannotOverwrite() {
        #expect(Sanitizer.line("carriage\rreturn").string == "carriage⏎return")
        #expect(Sanitizer.line("ab\u{08}\u{08}cd").string == "ab␈␈cd")
    }

    @Test func stringTerminatedOSCIsShownNotRun() {
        #expect(Sanitizer.line("\u{1b}]2;x\u{1b}\\").string == "␛]2;x␛\\")
    }

    @Test func tenThousandCharacterNamesFitAnyWidth() {
        for text in [String(repeating: "a", count: 10_000), String(repeating: "王", count: 10_000)] {
            let line = Sanitizer.line(text)
            for width in [0, 1, 2, 3, 40, 80] {
                let cut = line.truncated(toWidth: width)
                #expect(cut.width <= width)
            }
        }
    }

    private func expectInert(_ line: DisplayLine) {
        let dangerous = line.string.unicodeScalars.filter(isDangerous)
        #expect(dangerous.isEmpty, "dangerous scalars \(dangerous.prefix(5).map { String($0.value, radix: 16) })")
        #expect(!hasTerminalControl(line.string))
        #expect(line.width == line.clusters.reduce(0) { $0 + $1.width })
        #expect(line.clusters.allSatisfy { $0.width == 1 || $0.width == 2 })
    }
}
