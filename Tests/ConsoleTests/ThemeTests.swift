import Console
import Testing

@Suite struct ThemeTests {
    @Test func monochromeUsesOnlyBoldReverseAndUnderline() {
        for style in Style.allCases {
            let appearance = Theme.monochrome.appearance(for: style)
            #expect(appearance.foreground == .terminalDefault && appearance.background == .terminalDefault)
            #expect(appearance.attributes.isSubset(of: [.bold, .reverse, .underline]))
        }
        #expect(Theme.monochrome.appearance(for: .selected).attributes.contains(.reverse))
    }

    @Test func normalTextKeepsTheTerminalBackground() {
        #expect(Theme.color.appearance(for: .normal) == Appearance())
    }

    @Test func noColorAndPoorTerminalsGetMonochrome() {
        #expect(!Theme.forTerminal(noColor: "1", colorCount: 256).usesColor)
        #expect(Theme.forTerminal(noColor: "", colorCount: 256).usesColor)
        #expect(Theme.forTerminal(noColor: nil, colorCount: 8).usesColor)
        #expect(!Theme.forTerminal(noColor: nil, colorCount: 0).usesColor)
    }
}
