import CRMCore
import CRMStore
import Foundation
import Glibc
import Subprocess
import Testing
import TestSupport

/// The console binary in tmux at the terminal's level: pasted text, Ctrl-Z beside the embedded
/// listener, and what stays in the terminal after it quits.
@Suite("Console terminal", .serialized)
struct ConsoleTerminalTests {
    private static var tmuxAvailable: Bool { ChildProcess.run(["which", "tmux"], includingErrors: true).status == 0 }

    @Test(
        "a bracketed paste into a note is one note with a space; it runs no command, a pasted q does not quit, and q turns bracketed paste off",
        .enabled(if: tmuxAvailable))
    func pasteIsText() throws {
        let console = try TmuxConsole()
        #expect(
            try console.post(Bodies.accepted(chat: "paste", email: "paste@example.com", name: "Paste Target")) == 200)
        #expect(eventually { console.screen().contains("Paste Target") }, "screen:\n\(console.screen())")
        console.keys("i")
        #expect(eventually { console.screen().contains("Add a note") }, "screen:\n\(console.screen())")
        console.paste("Called the client.\n3jjj")
        #expect(
            eventually { console.screen().contains("Called the client. 3jjj") },
            "the paste is not in the note field:\n\(console.screen())")
        console.keys("Enter")
        let store = try Store(path: console.database)
        let lead = try #require(try store.leads(LeadFilter(limit: 10)).first { $0.lead.name == "Paste Target" }?.lead)
        #expect(
            eventually { (try? store.notes(lead: lead.id).map(\.text)) == ["Called the client. 3jjj"] },
            "notes: \((try? store.notes(lead: lead.id).map(\.text)) ?? [])\nscreen:\n\(console.screen())")
        #expect(eventually { !console.screen().contains("Add a note") })
        #expect(console.screen().contains("Leads: Unsorted (1)"), "the view changed:\n\(console.screen())")
        console.paste("q")
        #expect(
            eventually { console.screen().contains("Paste ignored") }, "screen:\n\(console.screen())")
        #expect(!console.screen().contains("JIVOCRM-EXITED"), "a pasted q quit the console:\n\(console.screen())")
        console.keys("q")
        #expect(eventually { console.screen().contains("JIVOCRM-EXITED 0") })
        // Bracketed paste is off again: a paste reaches the shell's terminal without the markers.
        console.paste("after-exit")
        #expect(eventually { console.screen().contains("after-exit") }, "screen:\n\(console.screen())")
        #expect(!console.screen().contains("[200~"), "bracketed paste was left on:\n\(console.screen())")
    }

    @Test(
        "without bracketed paste, text typed faster than anyone types is a paste too: one note, no command",
        .enabled(if: tmuxAvailable))
    func burstIsText() throws {
        let console = try TmuxConsole()
        #expect(
            try console.post(Bodies.accepted(chat: "burst", email: "burst@example.com", name: "Burst Target")) == 200)
        #expect(eventually { console.screen().contains("Burst Target") }, "screen:\n\(console.screen())")
        console.keys("i")
        #expect(eventually { console.screen().contains("Add a note") }, "screen:\n\(console.screen())")
        console.keys("-l", "Called the client.\n3jjj")
        #expect(
            eventually { console.screen().contains("Called the client. 3jjj") },
            "the burst is not in the note field:\n\(console.screen())")
        console.keys("Enter")
        let store = try Store(path: console.database)
        let lead = try #require(try store.leads(LeadFilter(limit: 10)).first { $0.lead.name == "Burst Target" }?.lead)
        #expect(
            eventually { (try? store.notes(lead: lead.id).map(\.text)) == ["Called the client. 3jjj"] },
            "notes: \((try? store.notes(lead: lead.id).map(\.text)) ?? [])\nscreen:\n\(console.screen())")
        #expect(console.screen().contains("Leads: Unsorted (1)"), "the view changed:\n\(console.screen())")
        console.keys("q")
        #expect(eventually { console.screen().contains("JIVOCRM-EXITED 0") })
    }

    @Test(
        "Ctrl-Z in a listening console does not stop it: webhooks get their 200, and the status line says how to suspend",
        .enabled(if: tmuxAvailable))
    func suspendRefusedWhileListening() throws {
        let console = try TmuxConsole(jobControl: true)
        #expect(eventually { console.screen().contains("No leads yet") }, "screen:\n\(console.screen())")
        console.keys("C-z")
        #expect(
            eventually { console.screen().contains("console --no-listen") },
            "no message on the status line:\n\(console.screen())")
        #expect(!console.screen().contains("Stopped"), "the console stopped:\n\(console.screen())")
        #expect(
            try console.post(Bodies.accepted(chat: "during", email: "during@example.com", name: "During Ctrl-Z")) == 200
        )
        #expect(eventually { console.screen().contains("During Ctrl-Z") }, "screen:\n\(console.screen())")
        console.keys("q")
        #expect(
            eventually { console.screen().contains("$ ") && !console.screen().contains("During Ctrl-Z") })
    }

    @Test(
        "Ctrl-Z suspends a --no-listen console to the shell, and fg brings it back redrawn",
        .enabled(if: tmuxAvailable))
    func suspendsWithoutListener() throws {
        let console = try TmuxConsole(arguments: ["--no-listen"], jobControl: true)
        console.keys("C-z")
        #expect(
            eventually { console.screen().contains("Stopped") && !console.screen().contains("Unsorted") },
            "the console did not stop:\n\(console.screen())")
        console.keys("fg", "Enter")
        #expect(
            eventually { console.screen().contains("Unsorted") && !console.screen().contains("Stopped") },
            "fg did not bring the console back:\n\(console.screen())")
        console.keys("q")
        #expect(eventually { !console.screen().contains("Unsorted") }, "screen:\n\(console.screen())")
    }

    @Test("the console never prints its token: after q the scrollback does not hold it", .enabled(if: tmuxAvailable))
    func tokenNotInScrollback() throws {
        let console = try TmuxConsole()
        let token = try #require(console.webhookPath.split(separator: "/").last.map(String.init))
        #expect(eventually { console.screen().contains("No leads yet") }, "screen:\n\(console.screen())")
        console.keys("q")
        #expect(eventually { console.screen().contains("JIVOCRM-EXITED 0") })
        let scrollback = console.scrollback()
        #expect(!scrollback.contains(token), "the token stayed in the terminal:\n\(scrollback)")
    }
}
