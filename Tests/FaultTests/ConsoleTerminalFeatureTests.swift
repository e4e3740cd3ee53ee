import Foundation
import Glibc
import Subprocess
import Testing
import TestSupport

/// The console binary in tmux: the bell and the title on arrivals, mouse clicks, and keys
/// rebound in the configuration file.
@Suite("Console terminal features", .serialized)
struct ConsoleTerminalFeatureTests {
    private static var tmuxAvailable: Bool { ChildProcess.run(["which", "tmux"], includingErrors: true).status == 0 }

    @Test(
        "a new lead and an offline message ring the bell and count in the pane title; a duplicate does not ring; the title comes back on exit",
        .enabled(if: tmuxAvailable))
    func arrivalsRingAndTitleTheTerminal() throws {
        let console = try TmuxConsole()
        #expect(eventually { console.screen().contains("No leads yet") }, "screen:\n\(console.screen())")
        #expect(eventually { console.display("#{pane_title}") == "jivocrm" })
        #expect(console.display("#{window_bell_flag}") == "0")

        let first = Bodies.accepted(chat: "bell-1", email: "one@example.com", name: "Bell One")
        #expect(try console.post(first) == 200)
        #expect(
            eventually { console.display("#{pane_title}") == "jivocrm — 1 unread" && console.bells() == 1 },
            "title \(console.display("#{pane_title}")), bells \(console.bells())")
        #expect(console.display("#{window_bell_flag}") == "1")

        #expect(try console.post(first) == 200, "the redelivery is answered")
        #expect(try console.post(Bodies.offline(id: "bell-2", text: "Call me", name: "Bell Two")) == 200)
        #expect(eventually { console.display("#{pane_title}") == "jivocrm — 2 unread" })
        #expect(
            try console.post(Bodies.accepted(chat: "bell-3", email: "three@example.com", name: "Bell Three")) == 200)
        #expect(
            eventually { console.display("#{pane_title}") == "jivocrm — 3 unread" && console.bells() >= 3 })
        #expect(console.bells() == 3, "the duplicate rang: \(console.bells()) bells")

        // Enter opens the selected (newest) lead: one fewer unread.
        console.keys("Enter")
        #expect(eventually { console.display("#{pane_title}") == "jivocrm — 2 unread" })
        console.keys("q")
        #expect(
            eventually { console.screen().contains("JIVOCRM-EXITED 0") }, "screen:\n\(console.screen())")
        let restored = console.display("#{pane_title}")
        #expect(!restored.isEmpty && !restored.hasPrefix("jivocrm"), "title after exit: \(restored)")
    }

    @Test(
        "Ctrl-Z gives the shell its title back while the console is stopped; fg sets the console's again",
        .enabled(if: tmuxAvailable))
    func suspendRestoresTheTitle() throws {
        let console = try TmuxConsole(arguments: ["--no-listen"], jobControl: true)
        #expect(eventually { console.display("#{pane_title}") == "jivocrm" })
        console.keys("C-z")
        #expect(eventually { console.screen().contains("Stopped") }, "screen:\n\(console.screen())")
        #expect(
            eventually { !console.display("#{pane_title}").hasPrefix("jivocrm") },
            "title while stopped: \(console.display("#{pane_title}"))")
        console.keys("fg", "Enter")
        #expect(
            eventually { console.display("#{pane_title}") == "jivocrm" },
            "title after fg: \(console.display("#{pane_title}"))")
        console.keys("q")
        #expect(eventually { !console.screen().contains("Unsorted") }, "screen:\n\(console.screen())")
        #expect(!console.display("#{pane_title}").hasPrefix("jivocrm"))
    }

    @Test("with bell = off arrivals count in the title but never ring", .enabled(if: tmuxAvailable))
    func bellOffStaysSilent() throws {
        let console = try TmuxConsole(config: "bell = off\n")
        #expect(eventually { console.screen().contains("No leads yet") }, "screen:\n\(console.screen())")
        #expect(try console.post(Bodies.accepted(chat: "quiet-1", email: "q1@example.com", name: "Quiet One")) == 200)
        #expect(try console.post(Bodies.offline(id: "quiet-2", text: "Hello", name: "Quiet Two")) == 200)
        #expect(eventually { console.display("#{pane_title}") == "jivocrm — 2 unread" })
        #expect(console.screen().contains("Quiet"))
        #expect(console.bells() == 0)
        #expect(console.display("#{window_bell_flag}") == "0")
        console.keys("q")
        #expect(eventually { console.screen().contains("JIVOCRM-EXITED 0") })
    }

    /// An X10 mouse report (as ncurses asks tmux for): `button` code at 0-based `row`, `column`.
    private static func mouseReport(button: UInt8, row: Int, column: Int) -> [UInt8] {
        [0x1B, 0x5B, 0x4D, 32 + button, UInt8(32 + column + 1), UInt8(32 + row + 1)]
    }

    @Test(
        "a click selects a lead row and opens it in the card",
        .enabled(if: tmuxAvailable))
    func aClickSelectsALead() throws {
        let console = try TmuxConsole()
        #expect(eventually { console.screen().contains("No leads yet") }, "screen:\n\(console.screen())")
        #expect(console.display("#{mouse_any_flag}") == "1")
        for index in 1...3 {
            #expect(
                try console.post(
                    Bodies.accepted(chat: "mouse-\(index)", email: "m\(index)@example.com", name: "Mouse \(index)"))
                    == 200)
        }
        #expect(eventually { console.screen().contains("Mouse 3") }, "screen:\n\(console.screen())")
        console.keys("End")
        #expect(eventually { console.screen().contains("─ #1 ") }, "screen:\n\(console.screen())")
        // 120x32: the list's rows start at screen row 1, two per lead; rows 1-2 are the newest
        // lead (#3), rows 3-4 the next (#2).
        console.bytes(Self.mouseReport(button: 0, row: 1, column: 10))
        console.bytes(Self.mouseReport(button: 3, row: 1, column: 10))
        #expect(eventually { console.screen().contains("─ #3 ") }, "screen:\n\(console.screen())")
        console.bytes(Self.mouseReport(button: 0, row: 4, column: 30))
        console.bytes(Self.mouseReport(button: 3, row: 4, column: 30))
        #expect(eventually { console.screen().contains("─ #2 ") }, "screen:\n\(console.screen())")
        console.keys("q")
        #expect(eventually { console.screen().contains("JIVOCRM-EXITED 0") })
    }

    @Test("with mouse = off the console leaves the mouse to the terminal", .enabled(if: tmuxAvailable))
    func mouseOffLeavesTheMouseAlone() throws {
        let console = try TmuxConsole(config: "mouse = off\n")
        #expect(eventually { console.screen().contains("No leads yet") }, "screen:\n\(console.screen())")
        #expect(console.display("#{mouse_any_flag}") == "0")
        console.keys("q")
        #expect(eventually { console.screen().contains("JIVOCRM-EXITED 0") })
    }

    @Test(
        "a key rebound in [keys] works, the old key does nothing, and help shows the new one",
        .enabled(if: tmuxAvailable))
    func reboundKeysWork() throws {
        let console = try TmuxConsole(config: "[keys]\nquit = ctrl-q\nhelp = H\n")
        #expect(eventually { console.screen().contains("No leads yet") }, "screen:\n\(console.screen())")
        #expect(console.screen().contains("H help"), "screen:\n\(console.screen())")
        console.keys("q")
        console.keys("H")
        #expect(
            eventually { console.screen().contains("Ctrl-Q") && console.screen().contains("─ Help ") },
            "screen:\n\(console.screen())")
        #expect(!console.screen().contains("JIVOCRM-EXITED"))
        console.keys("Escape")
        console.keys("C-q")
        #expect(
            eventually { console.screen().contains("JIVOCRM-EXITED 0") }, "screen:\n\(console.screen())")
    }

    @Test(
        "a bad [keys] line, bell or mouse setting stops the console before it starts, naming the line and the fix",
        arguments: [
            (
                "[keys]\nassign = q\n",
                "config:2: q would run both 'quit' and 'assign' in Lead list; bind one of them to another key"
            ),
            ("[keys]\nasign = A\n", "config:2: unknown command 'asign'; commands: add-task, assign,"),
            ("[keys]\nquit = hyper-q\n", "config:2: cannot read the key 'hyper-q'"),
            ("[views]\n", "config:1: unknown section '[views]'"),
            ("bell = loud\n", "bell must be new-lead, offline, new-lead,offline or off, not 'loud'"),
            ("mouse = maybe\n", "mouse must be on or off, not 'maybe'"),
        ])
    func badSettingsAreRefused(config: String, message: String) throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-config")
        try config.write(toFile: directory.file("config"), atomically: true, encoding: .utf8)
        let (status, output) = ChildProcess.run(
            [
                "env", "HOME=\(directory.path)", JivoCRMBinary.path, "console", "--db", directory.file("crm.sqlite"),
                "--config", directory.file("config"), "--no-listen",
            ], includingErrors: true)
        #expect(status != 0)
        #expect(output.contains(message), "output: \(output)")
    }
}
