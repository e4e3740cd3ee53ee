import Foundation
import JivoProtocol
import Testing
import TestSupport

@Suite("Data verbs through the jivocrm binary")
struct DataCommandTests {
    /// Runs the binary with `arguments` on the store `db`; returns the exit status, stdout and
    /// stderr.
    private static func run(_ arguments: [String], db: String, in directory: TemporaryDirectory) throws -> (
        Int32, String, String
    ) {
        let result = try JivoCRMBinary.run(
            ["--db", db] + arguments, environment: JivoCRMBinary.environment(home: db + ".home", ["USER": "tester"]))
        return (result.status, result.stdout, result.stderr)
    }

    @Test("leads lists more than one page: every lead once, in order, no id cut short")
    func leadsListsEveryPage() throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: JivoCRMBinary.path), "build jivocrm first (swift build)")
        let directory = TemporaryDirectory()
        let db = directory.file("crm.sqlite")
        let csv = directory.file("people.csv")
        let rows = (1...1_203).map { "Person \($0);person\($0)@example.com" }
        try (["Name;E-mail"] + rows).joined(separator: "\n").write(toFile: csv, atomically: true, encoding: .utf8)
        #expect(try Self.run(["import", csv], db: db, in: directory).0 == 0)

        let json = try Self.run(["leads", "--json"], db: db, in: directory)
        #expect(json.0 == 0)
        let leads = try #require(try JSONParser.parse(Array(json.1.utf8)).arrayValue)
        let ids = leads.compactMap { $0["id"]?.int64Value }
        #expect(ids.count == 1_203)
        #expect(Set(ids).count == 1_203)

        let table = try Self.run(["leads"], db: db, in: directory)
        let lines = table.1.split(separator: "\n")
        #expect(lines.count == 1_204)
        #expect(lines.first?.hasPrefix("ID ") == true)
        let listed = lines.dropFirst().compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(listed == ids.map { "#\($0)" })

        let limited = try Self.run(["leads", "--json", "--limit", "501"], db: db, in: directory)
        #expect(try JSONParser.parse(Array(limited.1.utf8)).arrayValue?.count == 501)
    }

    @Test("import, dry run, export to a private file and import again; errors say what to do")
    func roundTripThroughTheBinary() throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: JivoCRMBinary.path), "build jivocrm first (swift build)")
        let directory = TemporaryDirectory()
        let db = directory.file("crm.sqlite")
        let csv = directory.file("people.csv")
        try "Name;E-mail;Mobile;Plan\nTom;tom@example.com;+1 408 498-7855;Gold\nAnna;anna@example.com;;\n".write(
            toFile: csv, atomically: true, encoding: .utf8)

        let dry = try Self.run(["import", csv, "--dry-run"], db: db, in: directory)
        #expect(dry.0 == 0)
        #expect(dry.1.contains("line 2: would create a lead"))
        #expect(dry.1.contains("nothing was changed"))
        let imported = try Self.run(["import", csv], db: db, in: directory)
        #expect(imported.0 == 0)
        #expect(imported.1.contains("2 created"))

        let out = directory.file("out.json")
        #expect(try Self.run(["export", "--out", out], db: db, in: directory).0 == 0)
        let attributes = try FileManager.default.attributesOfItem(atPath: out)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let again = try Self.run(["import", out], db: directory.file("second.sqlite"), in: directory)
        #expect(again.1.contains("2 created"))

        let unknown = try Self.run(["import", directory.file("people.xlsx")], db: db, in: directory)
        #expect(unknown.0 == 1)
        #expect(unknown.2.contains("give --format csv, vcard or json"))
        let missing = try Self.run(["import", directory.file("missing.csv")], db: db, in: directory)
        #expect(missing.2.contains("no such file"))
        let backup = try Self.run(["backup", directory.file("b.sqlite")], db: db, in: directory)
        #expect(backup.1.contains("backed up 2 leads"))
        let restore = try Self.run(["restore", out, "--yes"], db: db, in: directory)
        #expect(restore.0 == 1)
        #expect(restore.2.contains("not a jivocrm backup"))
        for verb in ["import", "export", "backup", "restore", "replay", "erase"] {
            let help = try Self.run([verb, "--help"], db: db, in: directory)
            #expect(help.0 == 0)
            #expect(help.1.contains("example"), "\(verb) --help has no example")
            #expect(
                help.1.split(separator: "\n").contains { $0.hasPrefix("  jivocrm \(verb) ") },
                "\(verb) --help shows no example command")
        }
    }

    @Test(
        "an export holding visitors who gave no name, email or phone imports back in every format, and says which it cannot match"
    )
    func visitorsWithoutContactsThroughTheBinary() throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: JivoCRMBinary.path), "build jivocrm first (swift build)")
        let harness = try StoreHarness()
        let single = harness.directory.file("single.csv")
        try "name,title\n,JivoChat #5 - Visitor 5\n".write(toFile: single, atomically: true, encoding: .utf8)
        let one = try Self.run(["import", single], db: harness.directory.file("one.sqlite"), in: harness.directory)
        #expect(one.1.contains("\n1 lead was created from a name or title alone"), "\(one.1) \(one.2)")
        for (chat, number) in [(161_178, "82086"), (161_179, "82087")] {
            try harness.deliver(StoreHarness.accepted(chat: chat, name: nil, number: number))
        }
        try harness.deliver(StoreHarness.accepted(chat: 3, name: "Anna", email: "anna@example.com", number: "3"))
        let db = harness.directory.file("crm.sqlite")
        for format in ["csv", "vcf", "json"] {
            let out = harness.directory.file("export.\(format)")
            #expect(try Self.run(["export", "--out", out], db: db, in: harness.directory).0 == 0)
            let target = harness.directory.file("new-\(format).sqlite")
            let first = try Self.run(["import", out], db: target, in: harness.directory)
            #expect(first.0 == 0, "\(format): \(first.2)")
            #expect(first.1.contains("3 created"), "\(format): \(first.1)")
            let again = try Self.run(["import", out], db: target, in: harness.directory)
            if format == "json" {
                #expect(!first.1.contains("alone"), "\(first.1)")
                #expect(again.1.contains("0 created, 0 updated, 3 unchanged"), "\(again.1)")
            } else {
                #expect(
                    first.1.contains(
                        "2 leads were created from a name or title alone, with no email, phone or visitor key to match on: "
                            + "importing the file again creates them again"), "\(format): \(first.1)")
                #expect(again.1.contains("2 created, 0 updated, 1 unchanged"), "\(format): \(again.1)")
            }
        }
    }

    @Test("an import that refuses rows names every one of them on stderr, each with what to do")
    func everyRefusedRowThroughTheBinary() throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: JivoCRMBinary.path), "build jivocrm first (swift build)")
        let directory = TemporaryDirectory()
        let db = directory.file("crm.sqlite")
        let csv = directory.file("people.csv")
        try "name,email,description\nTom,tom@example.com,\n,,a\n,,b\nBob,bob-at-example,\n,,c\n,,d\n".write(
            toFile: csv, atomically: true, encoding: .utf8)
        let result = try Self.run(["import", csv], db: db, in: directory)
        #expect(result.0 == 1)
        let lines = result.2.split(separator: "\n")
        #expect(
            lines.first?.hasPrefix("jivocrm: the file has 5 entries that cannot be imported, so nothing was") == true)
        #expect(lines.dropFirst().map { $0.prefix(8) } == ["line 3: ", "line 4: ", "line 5: ", "line 6: ", "line 7: "])
        #expect(
            try Self.run(["leads", "--json"], db: db, in: directory).1.trimmingCharacters(in: .whitespacesAndNewlines)
                == "[]")
    }

    @Test("importing a json export with history says on stderr what it left out and what copies a whole store")
    func jsonHistoryLeftOutThroughTheBinary() throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: JivoCRMBinary.path), "build jivocrm first (swift build)")
        let harness = try StoreHarness()
        let lead = try #require(
            try harness.deliver(StoreHarness.accepted(chat: 1, name: "Anna", email: "anna@example.com")).leadID)
        try harness.store.addNote(lead, text: "called back", actor: "alice")
        let db = harness.directory.file("crm.sqlite")
        let out = harness.directory.file("export.json")
        #expect(try Self.run(["export", "--out", out], db: db, in: harness.directory).0 == 0)
        let audit = try harness.store.auditTrail(lead: lead).count
        let target = harness.directory.file("new.sqlite")
        for arguments in [["import", out, "--dry-run"], ["import", out]] {
            let result = try Self.run(arguments, db: target, in: harness.directory)
            #expect(result.0 == 0, "\(result.2)")
            let verb = arguments.count == 3 ? "would leave" : "left"
            #expect(
                result.2.contains(
                    "import brings people, not history: \(verb) out 1 chat, 1 note and \(audit) audit entries of export.json; "
                        + "`jivocrm backup` and `jivocrm restore`, or `jivocrm migrate`, copy a whole store with its history"
                ),
                "\(result.2)")
        }
    }
}
