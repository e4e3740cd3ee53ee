import Console
import DisplayText
import Foundation
import Testing

/// The configuration file's `[keys]`: reading keys, rebinding commands, refusing conflicts, and
/// the effective keys reaching key handling, help and hints (the README keeps the defaults).
@Suite struct KeyBindingsConfigTests {
    private static func applying(_ lines: [(String, String)]) throws(KeyBindingError) -> AppKeyBindings {
        try AppKeyBindings.defaults.applying(
            lines.enumerated().map { KeySetting(line: $0.offset + 10, command: $0.element.0, keys: $0.element.1) })
    }

    @Test(arguments: [
        ("A", Key.character("A")), ("/", .character("/")), ("ctrl-q", .control("q")), ("C-Q", .control("q")),
        ("F5", .function(5)), ("enter", .enter), ("Esc", .escape), ("pgdn", .pageDown), ("space", .character(" ")),
        ("s-tab", .backTab), ("é", .character("é")),
    ])
    func keyNamesParse(text: String, key: Key) {
        #expect(Key(configName: text) == key)
    }

    @Test(arguments: ["", "ctrl-c", "ctrl-m", "ctrl-1", "ctrlq", "F0", "F64", "hyper-x", "ab"])
    func badKeyNamesAreRefused(text: String) {
        #expect(Key(configName: text) == nil)
    }

    @Test func everyCommandHasAUniqueName() {
        let bindings = [AppKeymaps.global, AppKeymaps.list, AppKeymaps.lead, AppKeymaps.tasks].flatMap(\.bindings)
        let commands = Set(bindings.map(\.command))
        #expect(Set(commands.map(\.configName)).count == commands.count)
        #expect(AppKeyBindings.commandsByName["assign"] == .assign)
        #expect(AppKeyBindings.commandsByName["view-unsorted"] == .view(.unsorted))
        #expect(AppKeyBindings.commandsByName["down"] == .move(.down))
    }

    @Test func aSettingReplacesTheCommandsKeysInEveryKeymap() throws {
        let keys = try Self.applying([("assign", "A"), ("quit", "ctrl-q"), ("search", "/ ctrl-f")])
        #expect(keys.list.command(for: .character("A")) == .assign)
        #expect(keys.lead.command(for: .character("A")) == .assign)
        #expect(keys.list.command(for: .character("a")) == nil)
        #expect(keys.global.command(for: .control("q")) == .quit)
        #expect(keys.global.command(for: .character("q")) == nil)
        #expect(keys.list.command(for: .control("f")) == .search)
        #expect(keys.list.command(for: .character("/")) == .search)
        #expect(keys.tasks.command(for: .character("d")) == .completeTask, "other commands keep their keys")
    }

    @Test func anUnknownCommandNamesTheLineAndTheCommands() {
        #expect {
            try Self.applying([("assign", "A"), ("asign", "B")])
        } throws: { error in
            guard let error = error as? KeyBindingError else { return false }
            return error.line == 11 && error.description.hasPrefix("line 11: unknown command 'asign'")
                && error.message.contains("assign, back,")
        }
    }

    @Test func anUnreadableKeySaysHowToWriteOne() {
        #expect {
            try Self.applying([("quit", "ctrl-c")])
        } throws: { error in
            guard let error = error as? KeyBindingError else { return false }
            return error.line == 10 && error.message.contains("cannot read the key 'ctrl-c'")
                && error.message.contains("ctrl-LETTER")
        }
    }

    @Test func aKeyTakenByAnotherCommandIsAConflict() {
        #expect {
            try Self.applying([("assign", "q")])
        } throws: { error in
            guard let error = error as? KeyBindingError else { return false }
            return error.line == 10
                && error.message == "q would run both 'quit' and 'assign' in Lead list; bind one of them to another key"
        }
        #expect {
            try Self.applying([("edit", "x"), ("note", "x")])
        } throws: { error in
            (error as? KeyBindingError)?.line == 11
        }
    }

    @Test func aCommandWithoutKeysIsRefused() {
        #expect {
            try Self.applying([("quit", "")])
        } throws: { error in
            (error as? KeyBindingError)?.description == "line 10: 'quit' needs at least one key"
        }
    }

    @Test func swappingTwoKeysIsNoConflict() throws {
        let keys = try Self.applying([("assign", "s"), ("status", "a")])
        #expect(keys.list.command(for: .character("s")) == .assign)
        #expect(keys.list.command(for: .character("a")) == .setStatus)
    }

    @Test func aCommandSetTwiceIsRefused() {
        #expect {
            try Self.applying([("assign", "A"), ("assign", "B")])
        } throws: { error in
            guard let error = error as? KeyBindingError else { return false }
            return error.line == 11 && error.message.contains("already bound on line 10")
        }
    }

    @Test func updateHelpAndHintsUseTheEffectiveKeys() throws {
        var state = AppState(size: Size(rows: 24, columns: 80), operatorName: "alice", now: 0)
        state.keys = try Self.applying([("quit", "ctrl-q"), ("help", "H")])
        _ = state.update(.key(.character("q")))
        #expect(!state.quitRequested)
        _ = state.update(.key(.character("H")))
        guard case .help(let overlay)? = state.modals.last else {
            Issue.record("H did not open the help")
            return
        }
        let everywhere = try #require(overlay.sections.first)
        #expect(everywhere.entries.first?.keys.string == "H")
        #expect(everywhere.entries.contains { $0.keys.string == "Ctrl-Q" && $0.help.string == "Quit" })
        _ = state.update(.key(.escape))
        var canvas = GridCanvas(size: state.size)
        state.render(on: &canvas)
        let hints = canvas.text(row: 23)
        #expect(hints.contains("H help"), "\(hints)")
        #expect(hints.contains("Ctrl-Q quit"), "\(hints)")
        _ = state.update(.key(.control("q")))
        #expect(state.quitRequested)
    }

    @Test func theReadmeTableShowsTheDefaults() {
        #expect(AppKeymaps.markdownTable.contains("| Everywhere | `q` | Quit |"))
        #expect(AppKeyBindings.defaults.helpSections == AppKeymaps.helpSections)
    }

    @Test func theReadmeAndTheExampleConfigurationNameEveryCommand() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..")
            .standardized
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let example = try String(contentsOf: root.appendingPathComponent("Resources/config.example"), encoding: .utf8)
        for name in AppKeyBindings.commandsByName.keys {
            #expect(readme.contains("`\(name)`"), "README.md does not name the command \(name)")
            #expect(example.contains(" \(name),") || example.contains(" \(name)."), "config.example lacks \(name)")
        }
    }

    @Test func theHelpOverlayAndHintsShowReboundKeys() throws {
        let world = try ConsoleWorld.populated()
        let keys = try Self.applying([("assign", "A"), ("quit", "ctrl-q"), ("help", "H F1")])
        let app = world.app(keys: keys)
        for size in [Size(rows: 24, columns: 80), Size(rows: 48, columns: 160)] {
            GoldenFile.expectMatch(app.screen(size), "console-rebound-\(size.columns)x\(size.rows)")
        }
        app.press(.character("H"))
        for size in [Size(rows: 24, columns: 80), Size(rows: 48, columns: 160)] {
            GoldenFile.expectMatch(app.screen(size), "console-rebound-help-\(size.columns)x\(size.rows)")
        }
    }
}
