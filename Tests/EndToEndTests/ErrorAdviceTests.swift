import Foundation
import Testing

/// The store says what went wrong; the command line adds what to do.
@Suite struct ErrorAdviceTests {
    @Test func missingThingsNameTheCommandThatListsThem() throws {
        let crm = try CRMHarness()
        for (words, expected) in [
            (["note", "add", "999", "x"], "there is no lead #999; `jivocrm leads` lists them"),
            (
                ["resolve", "999", "--keep-current"],
                "there is no conflict #999; `jivocrm conflicts` lists the open ones"
            ),
            (["done", "999"], "there is no task #999; `jivocrm tasks` lists them"),
            (["undo"], "has nothing to undo; `jivocrm undo --list` shows what can be undone"),
            (
                ["managers", "deactivate", "nobody"],
                "no manager with login 'nobody'; `jivocrm managers` lists them, `jivocrm managers add LOGIN --name NAME` adds one"
            ),
        ] {
            let result = try crm.runBare(words + ["--db", crm.database, "--config", crm.configuration])
            #expect(result.status == 1, "\(words): \(result.stderr)")
            #expect(result.stderr.contains(expected), "\(words): \(result.stderr)")
        }
    }

    @Test("a damaged store is said to be damaged when it is opened, with the command that puts a backup back")
    func aDamagedStoreSaysSoAndHowToRestore() throws {
        let crm = try CRMHarness()
        #expect(try crm.runBare(["init", "--db", crm.database, "--config", crm.configuration]).status == 0)
        let file = try #require(FileHandle(forWritingAtPath: crm.database))
        file.write(Data(repeating: 0x58, count: 100))
        file.closeFile()
        for words in [["check"], ["leads"]] {
            let result = try crm.runBare(words + ["--db", crm.database, "--config", crm.configuration])
            #expect(result.status == 1, "\(words): \(result.stderr)")
            #expect(
                result.stderrLines.first
                    == "jivocrm: opening the store at \(crm.database): file is not a database (the file is damaged "
                    + "or no store: `jivocrm restore FILE` puts a backup in its place, keeping it aside)",
                "\(words): \(result.stderr)")
        }
    }
}
