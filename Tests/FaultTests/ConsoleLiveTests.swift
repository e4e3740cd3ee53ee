import Foundation
import Glibc
import HTTPServer
import Testing
import TestSupport

/// Every console shows what any process committed, and whether anyone answers JivoChat, read
/// from the store: two real consoles, the CLI and `serve` on one store, in tmux.
@Suite(.serialized) struct ConsoleLiveTests {
    /// Runs `jivocrm ARGS --db DATABASE` to completion; returns its status and output.
    private static func cli(_ arguments: [String], database: String, home: String) throws -> (Int32, String) {
        let result = try JivoCRMBinary.run(arguments + ["--db", database], home: home)
        return (result.status, result.stdout)
    }

    /// POSTs `body` to `serve`'s webhook path; returns the status.
    private static func post(_ body: [UInt8], to serve: ServeProcess) throws -> Int {
        try HTTPClient(port: serve.port, timeout: 15).send(
            method: "POST", path: "/jivo/\(ServeProcess.fixedToken)", body: body
        ).status
    }

    @Test func anotherProcesssChangeShowsWithoutAKeyPress() throws {
        let first = try TmuxConsole()
        let second = try TmuxConsole(arguments: ["--no-listen"], database: first.database, operatorName: "bob")
        #expect(try first.post(Bodies.accepted(chat: "1", email: "ann@example.com")) == 200)
        #expect(eventually { second.screen().contains("ann@example.com") }, "\(second.screen())")
        let added = try Self.cli(
            ["managers", "add", "bob@example.com", "--name", "Bob Brown"], database: first.database,
            home: first.directory.path)
        #expect(added.0 == 0, "\(added.1)")
        let assigned = try Self.cli(
            ["assign", "1", "bob@example.com"], database: first.database, home: first.directory.path)
        #expect(assigned.0 == 0, "\(assigned.1)")
        for console in [first, second] {
            #expect(eventually { console.screen().contains("Bob Brown") }, "\(console.screen())")
        }
    }

    @Test func theStatusLineSaysWhetherAnyoneListensWhicheverProcessItIs() throws {
        let console = try TmuxConsole(arguments: ["--no-listen"])
        #expect(eventually { console.screen().contains("NO LISTENER") }, "\(console.screen())")
        let serve = try ServeProcess(
            database: console.database, home: console.directory.path, logPath: console.directory.file("serve.log"))
        #expect(
            eventually {
                console.screen().contains("listener up")
                    && console.screen().contains("http://127.0.0.1:\(serve.port)/jivo/")
            },
            "\(console.screen())")
        for chat in 1...3 {
            #expect(try Self.post(Bodies.accepted(chat: String(chat), email: "v\(chat)@example.com"), to: serve) == 200)
        }
        #expect(try Self.post(Array("not json".utf8), to: serve) == 400)
        #expect(
            eventually {
                console.screen().contains("4 events/h") && console.screen().contains("1 quarantined")
            },
            "\(console.screen())")
        serve.stopHard()
        #expect(
            eventually(attempts: 400) { console.screen().contains("NO LISTENER since") },
            "\(console.screen())")
    }
}
