import Console
import DisplayText
import Testing

@Suite struct KeymapTests {
    @Test func looksUpCommandsByAnyOfTheirKeys() {
        #expect(demoKeymap.command(for: .character("?")) == .help)
        #expect(demoKeymap.command(for: .function(1)) == .help)
        #expect(demoKeymap.command(for: .control("c")) == .quit)
        #expect(demoKeymap.command(for: .character("x")) == nil)
    }

    @Test func helpAndHintsComeFromTheSameBindings() {
        let section = demoKeymap.helpSection
        #expect(section.title == "Leads")
        #expect(section.entries.map(\.keys.string) == ["?/F1", "/", "e", "q/Ctrl-C"])
        #expect(
            section.entries.map(\.help.string) == ["Show this help", "Search leads", "Edit the selected lead", "Quit"])
        #expect(
            demoKeymap.statusHints.map { $0.key.string + " " + $0.label.string } == [
                "? help", "/ search", "e edit", "q quit",
            ])
    }

    @Test func shippedKeymapsHaveNoConflicts() {
        #expect(demoKeymap.conflicts.isEmpty)
        #expect(ListMotion.keymap.conflicts.isEmpty)
        #expect(LineEditor.keymap.conflicts.isEmpty)
        #expect(Form.keymap.conflicts.isEmpty)
        #expect(PickerCommand.keymap.conflicts.isEmpty)
    }

    @Test func conflictsAreReported() {
        let keymap = Keymap<Int>(
            title: "Broken",
            [
                KeyBinding([.character("a")], 1, help: "One"),
                KeyBinding([.character("b"), .character("a")], 2, help: "Two"),
            ])
        #expect(keymap.conflicts == [.character("a")])
        #expect(keymap.command(for: .character("a")) == 1)
    }

    @Test func formKeysDoNotShadowEditingKeys() {
        for binding in LineEditor.keymap.bindings {
            for key in binding.keys { #expect(Form.keymap.command(for: key) == nil, "\(key) is taken by Form") }
        }
    }

    @Test func keyNames() {
        let keys: [Key] = [
            .up, .pageDown, .backTab, .control("s"), .function(12), .character(" "), .character("ж"), .enter, .escape,
        ]
        #expect(keys.map(\.name.string) == ["↑", "PgDn", "S-Tab", "Ctrl-S", "F12", "Space", "ж", "Enter", "Esc"])
    }

    @Test func statusLineDropsHintsBeforeTheMessage() {
        var canvas = GridCanvas(size: Size(rows: 1, columns: 30))
        StatusLine(message: "Saved lead Иван", hints: demoKeymap.statusHints).render(
            on: &canvas, in: Rect(size: canvas.size))
        #expect(canvas.text == " Saved lead Иван      ? help")
        #expect(canvas.style(at: Point(row: 0, column: 22)) == .key)
        #expect(canvas.style(at: Point(row: 0, column: 1)) == .statusBar)
    }

    /// A message up to half the row is never cut while hints fill the rest ("Resolved conflict
    /// #1 of lead #1: take-incomi…" at 120 columns, one character short).
    @Test func aMessageUpToHalfTheRowIsShownWhole() {
        let hints = (1...30).map { StatusHint(key: "k", label: Sanitizer.line("hint\($0)")) }
        for columns in [40, 80, 120] {
            for length in 1...(columns / 2) {
                var canvas = GridCanvas(size: Size(rows: 1, columns: columns))
                let message = String(repeating: "m", count: length - 1) + "$"
                StatusLine(message: Sanitizer.line(message), hints: hints).render(
                    on: &canvas, in: Rect(size: canvas.size))
                #expect(canvas.text.contains(message), "\(length) of \(columns): \(canvas.text)")
            }
        }
    }
}
