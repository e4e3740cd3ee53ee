import Console
import Testing

/// Raw values from ncurses.h, so these tests also pin the decoder to the real key codes.
private let codeYes: Int32 = 0o400
private let ok: Int32 = 0

@Suite struct KeyDecodingTests {
    @Test func functionKeys() {
        let cases: [(UInt32, Key)] = [
            (0o403, .up), (0o402, .down), (0o404, .left), (0o405, .right), (0o523, .pageUp), (0o522, .pageDown),
            (0o406, .home), (0o550, .end), (0o541, .backTab), (0o527, .enter), (0o407, .backspace), (0o512, .delete),
            (0o513, .insert), (0o411, .function(1)), (0o424, .function(12)), (0o632, .resize),
        ]
        for (code, key) in cases {
            #expect(Key(cursesStatus: codeYes, code: code) == key, "code \(String(code, radix: 8))")
        }
        #expect(Key(cursesStatus: codeYes, code: 0o777) == .unknown(0o777))
    }

    @Test func characters() {
        #expect(Key(cursesStatus: ok, code: 0x61) == .character("a"))
        #expect(Key(cursesStatus: ok, code: 0x416) == .character("Ж"))
        #expect(Key(cursesStatus: ok, code: 0x4F60) == .character("你"))
        #expect(Key(cursesStatus: ok, code: 0x1F600) == .character("😀"))
        #expect(Key(cursesStatus: ok, code: 9) == .tab)
        #expect(Key(cursesStatus: ok, code: 13) == .enter)
        #expect(Key(cursesStatus: ok, code: 10) == .enter)
        #expect(Key(cursesStatus: ok, code: 27) == .escape)
        #expect(Key(cursesStatus: ok, code: 127) == .backspace)
        #expect(Key(cursesStatus: ok, code: 8) == .backspace)
        #expect(Key(cursesStatus: ok, code: 1) == .control("a"))
        #expect(Key(cursesStatus: ok, code: 19) == .control("s"))
        #expect(Key(cursesStatus: ok, code: 0x9B) == .unknown(0x9B))
        #expect(Key(cursesStatus: -1, code: 0) == nil)
    }
}
