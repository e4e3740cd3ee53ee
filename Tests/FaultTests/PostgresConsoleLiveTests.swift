import Foundation
import Glibc
import HTTPServer
import Testing
import TestSupport

/// Team mode live on PostgreSQL: `serve` and two consoles (as if on three hosts) on one
/// database, in tmux. A webhook and one operator's edit show in the other console without a key
/// press (LISTEN/NOTIFY), and the stale-edit check holds across consoles.
@Suite(.serialized) struct PostgresConsoleLiveTests {
    /// Opens the edit form on lead #1 in `console` and types `phone` over its phone.
    private static func typePhone(_ phone: String, in console: TmuxConsole) {
        console.keys("e")
        #expect(eventually { console.screen().contains("Edit lead #1") }, "\(console.screen())")
        console.keys("Tab", "C-u")
        console.keys("-l", phone)
    }

    @Test func consolesSeeEachOthersAndTheListenersChangesAndTheStaleEditCheckHolds() throws {
        let cluster = try PostgresCluster()
        let url = try cluster.createStore("crm")
        let home = TemporaryDirectory(prefix: "jivocrm-pg-live")
        let serve = try ServeProcess(database: url, home: home.path, logPath: home.file("serve.log"))
        let first = try TmuxConsole(arguments: ["--no-listen"], database: url, operatorName: "alice")
        let second = try TmuxConsole(arguments: ["--no-listen"], database: url, operatorName: "bob")

        let status = try HTTPClient(port: serve.port, timeout: 15).send(
            method: "POST", path: "/jivo/\(ServeProcess.fixedToken)",
            body: Bodies.accepted(chat: "1", email: "ann@example.com")
        ).status
        #expect(status == 200)
        for console in [first, second] {
            #expect(
                eventually { console.screen().contains("ann@example.com") },
                "the listener's lead did not show:\n\(console.screen())")
        }

        Self.typePhone("+1 650 555 0101", in: first)
        first.keys("Enter")
        #expect(eventually { first.screen().contains("Saved lead #1") }, "\(first.screen())")
        #expect(
            eventually { second.screen().contains("+1 650 555 0101") },
            "the other console's edit did not show:\n\(second.screen())")

        Self.typePhone("+1 650 555 0111", in: first)
        Self.typePhone("+1 650 555 0199", in: second)
        second.keys("Enter")
        #expect(eventually { second.screen().contains("Saved lead #1") }, "\(second.screen())")
        #expect(
            eventually { first.screen().contains("changed while you edit") },
            "the open form was not told:\n\(first.screen())")
        first.keys("Enter")
        #expect(
            eventually { first.screen().contains("Someone changed this lead while you were editing") },
            "no stale-edit dialog:\n\(first.screen())")
        #expect(first.screen().contains("+1 650 555 0199"), "\(first.screen())")
        first.keys("o")
        #expect(eventually { !first.screen().contains("Someone changed this lead") }, "\(first.screen())")
        #expect(
            eventually { second.screen().contains("+1 650 555 0111") },
            "the overwrite did not show in the other console:\n\(second.screen())")
    }
}
