import CRMCore
import CRMStore
import JivoProtocol
import Testing
import TestSupport

@Suite("Import: people into leads under the webhook rules")
struct ImportTests {
    private static func records(_ csv: String) throws -> [ImportRecord] {
        try ImportRecord.fromCSV(try CSVReader.records(Array(csv.utf8)))
    }

    @Test(
        "new people become leads with source import and status unsorted unless the file gives one",
        arguments: StoreEngine.allCases)
    func createsLeads(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let report = try harness.store.importRecords(
            try Self.records(
                "name,email,phone,status,Plan\nTom,tom@example.com,+1 408 498-7855,,Gold\nAnna,anna@example.com,,won,\n"
            ),
            file: "people.csv", actor: "alice")
        #expect(report.created == 2)
        let tom = try #require(try harness.store.lead(report.outcomes[0].leadID))
        #expect(tom.source == "import")
        #expect(tom.status == .unsorted)
        #expect(tom.title == "Import - Tom")
        #expect(tom.fields == [LeadField(title: "Plan", content: "Gold")])
        #expect(try harness.store.lead(report.outcomes[1].leadID)?.status == .won)
        let audit = try harness.store.auditTrail(lead: tom.id)
        #expect(
            audit.contains {
                $0.actor == "alice" && $0.action == "import" && $0.detail == "created from people.csv line 2"
            })
        #expect(try harness.store.leads(LeadFilter(search: "Tom")).map(\.lead.id) == [tom.id])
    }

    @Test(
        "a person matching a lead by email or phone fills its empty fields and opens conflicts, never a duplicate",
        arguments: StoreEngine.allCases)
    func matchesExisting(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let chat = try harness.deliver(StoreHarness.accepted(chat: 1, name: "Tom Clifton", email: "tom@example.com"))
        let leadID = try #require(chat.leadID)
        let before = try harness.counts()["leads"]
        let report = try harness.store.importRecords(
            try Self.records(
                "name,email,phone,description\nThomas,TOM@example.com,8 916 123-45-67,VIP\nTommy,other@example.com,+7 916 123 45 67,\n"
            ),
            file: "crm.csv", actor: "alice")
        #expect(try harness.counts()["leads"] == before)
        #expect(report.outcomes.map(\.leadID) == [leadID, leadID])
        #expect(report.outcomes.map(\.action) == [.updated, .unchanged])
        let lead = try #require(try harness.store.lead(leadID))
        #expect(lead.name == "Tom Clifton")
        #expect(lead.description == "VIP")
        #expect(lead.phones.map(\.normalized) == ["+79161234567"])
        let conflicts = try harness.store.conflicts(lead: leadID)
        #expect(Set(conflicts.map(\.field)) == ["name", "email"])
        #expect(conflicts.contains { $0.field == "email" && $0.incoming == "other@example.com" })
        #expect(report.conflicts == 3)
    }

    @Test("two rows for the same person in one file give one lead", arguments: StoreEngine.allCases)
    func sameFileTwice(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let report = try harness.store.importRecords(
            try Self.records("name,email,phone\nTom,tom@example.com,\n,tom@example.com,+1 408 498-7855\n"),
            file: "a.csv", actor: "alice")
        #expect(report.created == 1)
        #expect(report.updated == 1)
        #expect(try harness.store.lead(report.outcomes[0].leadID)?.phones.map(\.normalized) == ["+14084987855"])
    }

    @Test("a dry run reports what would happen and changes nothing", arguments: StoreEngine.allCases)
    func dryRun(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        try harness.deliver(StoreHarness.accepted(chat: 1, email: "tom@example.com"))
        let before = try harness.counts()
        let report = try harness.store.importRecords(
            try Self.records("name,email\nAnna,anna@example.com\nSomeone Else,tom@example.com\n"), file: "a.csv",
            actor: "alice",
            dryRun: true)
        #expect(report.created == 1)
        #expect(report.conflicts == 1)
        #expect(try harness.counts() == before)
    }

    @Test(
        "a bad row stops the import with its line number, without its value, and nothing is imported",
        arguments: StoreEngine.allCases)
    func badRowRollsBack(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let before = try harness.counts()
        do {
            _ = try harness.store.importRecords(
                try Self.records("name,email\nAnna,anna@example.com\nBob,bob-at-example\n"), file: "a.csv",
                actor: "alice")
            Issue.record("the import should have failed")
        } catch let error as CRMError {
            #expect(error.message.hasPrefix("line 3: "))
            #expect(!error.message.contains("bob"))
        }
        #expect(try harness.counts() == before)
    }

    @Test(
        "every person with an email or phone that is none is named, without the value, and nothing is imported",
        arguments: StoreEngine.allCases)
    func everyBadContactNamed(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let before = try harness.counts()
        var records = (2...5).map { ImportRecord(location: "line \($0)") }
        records[0].emails = ["anna@example.com"]
        records[1].emails = ["bob-at-example"]
        records[2].name = "Eve"
        records[3].emails = ["max-at-example"]
        records[3].phones = ["12"]
        do {
            _ = try harness.store.importRecords(records, file: "a.csv", actor: "alice")
            Issue.record("the import should have failed")
        } catch let error as CRMError {
            let lines = error.message.split(separator: "\n")
            #expect(lines.count == 4)
            #expect(lines.dropFirst().map { $0.prefix(8) } == ["line 3: ", "line 5: ", "line 5: "])
            #expect(!error.message.contains("-at-example"))
        }
        #expect(try harness.counts() == before)
    }

    @Test("managers the file names are added, and leads assigned to them", arguments: StoreEngine.allCases)
    func managers(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let report = try harness.store.importRecords(
            try Self.records("name,manager\nTom,boss@example.com\n"), file: "a.csv", actor: "alice")
        #expect(report.managersAdded == ["boss@example.com"])
        #expect(try harness.store.lead(report.outcomes[0].leadID)?.manager?.login == "boss@example.com")
    }

    @Test("a large file imports in one transaction", arguments: StoreEngine.allCases)
    func large(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        var csv = "name,email,phone,City\n"
        for index in 0..<20_000 {
            csv += "Person \(index),p\(index)@example.com,+1 555 \(1_000_000 + index),Town \(index % 7)\n"
        }
        let report = try harness.store.importRecords(try Self.records(csv), file: "big.csv", actor: "alice")
        #expect(report.created == 20_000)
        #expect(try harness.store.database.scalar("SELECT count(*) FROM leads") == 20_000)
    }
}
