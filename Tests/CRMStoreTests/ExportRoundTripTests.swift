import CRMCore
import CRMStore
import JivoProtocol
import Testing
import TestSupport

@Suite("Export: every format imports back into an empty store")
struct ExportRoundTripTests {
    /// What a round trip keeps, per lead, in a comparable form.
    struct Card: Hashable {
        var name: String
        var emails: [String]
        var phones: [String]
        var description: String
        var status: String
        var manager: String?
        var crmLink: String?
        var fields: [String]
    }

    private static func cards(_ store: Store, fields: Bool) throws -> Set<Card> {
        Set(
            try store.leads(LeadFilter(limit: 10_000)).map { summary in
                let lead = summary.lead
                return Card(
                    name: lead.name, emails: lead.emails.map(\.value), phones: lead.phones.map(\.value),
                    description: lead.description, status: lead.status.rawValue, manager: lead.manager?.login,
                    crmLink: lead.crmLink, fields: fields ? lead.fields.map { "\($0.title)=\($0.content)" } : [])
            })
    }

    /// A store with webhook leads, edits, several contacts, custom fields and awkward text.
    private static func populated(engine: StoreEngine) throws -> StoreHarness {
        let harness = try StoreHarness(engine: engine)
        try harness.store.addManager(login: "agent@example.com", name: "Anna", isDefault: false, actor: "test")
        let tom = try #require(
            try harness.deliver(
                StoreHarness.accepted(
                    chat: 1, name: "Tom \"TC\" Clifton", email: "tom@example.com", phone: "+7 916 123-45-67")
            ).leadID)
        let ivan = try #require(
            try harness.deliver(
                StoreHarness.accepted(chat: 2, name: "Иван; Петров", email: "ivan@example.com", number: "200")
            ).leadID)
        let bare = try #require(
            try harness.deliver(StoreHarness.accepted(chat: 3, name: nil, phone: "=2+5 (999) 829-1550", number: "300"))
                .leadID)
        let other = try harness.deliver(
            StoreHarness.accepted(chat: 4, name: "Tom", email: "t.clifton@example.com", number: "100"))
        let conflict = try #require(try harness.store.conflicts(lead: tom).first { $0.field == "email" })
        try harness.store.resolve(conflict.id, .keepBoth, actor: "alice")
        try harness.store.edit(
            tom,
            ContactEdit(description: "line one\nline two, with comma", crmLink: "https://crm.example.com/x?a=1;b=2"),
            actor: "alice")
        try harness.store.setField(tom, LeadField(title: "Plan", content: "Gold, yearly"), actor: "alice")
        try harness.store.setField(tom, LeadField(title: "name", content: "clashes with a column"), actor: "alice")
        try harness.store.setField(ivan, LeadField(title: "Plan", content: "=SUM(A1)"), actor: "alice")
        try harness.store.setStatus(ivan, .qualified, actor: "alice")
        try harness.store.setStatus(bare, .spam, actor: "alice")
        _ = other
        return harness
    }

    /// The people of `text`, an export in `format`, and the managers a JSON export lists.
    private static func read(_ text: String, _ format: DataFormat) throws -> (
        [ImportRecord], [(login: String, name: String)]
    ) {
        switch format {
        case .csv: (try ImportRecord.fromCSV(try CSVReader.records(Array(text.utf8))), [])
        case .vcard: (try ImportRecord.fromVCards(try VCard.parse(text)), [])
        case .json: try ImportRecord.fromJSON(Array(text.utf8))
        }
    }

    private static func roundTrip(engine: StoreEngine, _ format: DataFormat) throws -> (Set<Card>, Set<Card>, Int) {
        let source = try populated(engine: engine)
        var text = ""
        let written = try source.store.export(format) { text += $0 }
        let target = try Store(path: source.newStore("target"))
        let (records, managers) = try read(text, format)
        let report = try target.importRecords(
            records, managers: managers, file: "export.\(format.rawValue)", actor: "bob")
        #expect(report.created == written)
        let fields = format != .vcard
        return (try cards(source.store, fields: fields), try cards(target, fields: fields), written)
    }

    @Test(
        "csv round trip keeps names, all emails and phones, description, status, manager, crm_link and custom fields",
        arguments: StoreEngine.allCases)
    func csv(engine: StoreEngine) throws {
        let (before, after, written) = try Self.roundTrip(engine: engine, .csv)
        #expect(written == 3)
        #expect(after == before)
    }

    @Test(
        "vcard round trip keeps names, all emails and phones, description, status, manager and crm_link",
        arguments: StoreEngine.allCases)
    func vcard(engine: StoreEngine) throws {
        let (before, after, _) = try Self.roundTrip(engine: engine, .vcard)
        #expect(after == before)
    }

    @Test("json round trip keeps everything the others do, and the managers' names", arguments: StoreEngine.allCases)
    func json(engine: StoreEngine) throws {
        let (before, after, _) = try Self.roundTrip(engine: engine, .json)
        #expect(after == before)
    }

    @Test(
        "a visitor who gave no name, email or phone comes back with its title; json matches it again by visitor number",
        arguments: StoreEngine.allCases, DataFormat.allCases)
    func visitorWithoutContacts(engine: StoreEngine, format: DataFormat) throws {
        let source = try StoreHarness(engine: engine)
        let visitor = try #require(
            try source.deliver(StoreHarness.accepted(chat: 161_178, name: nil, number: "82086")).leadID)
        try source.deliver(StoreHarness.accepted(chat: 2, name: "Anna", email: "anna@example.com", number: "2"))
        let title = try #require(try source.store.lead(visitor)?.title)
        var text = ""
        #expect(try source.store.export(format) { text += $0 } == 2)
        let (records, managers) = try Self.read(text, format)
        let target = try Store(path: source.newStore("target"))
        let first = try target.importRecords(records, managers: managers, file: "export", actor: "bob")
        #expect(first.created == 2)
        let imported = try #require(try target.leads(LeadFilter(limit: 10)).first { $0.lead.title == title }?.lead)
        #expect(imported.name.isEmpty && imported.emails.isEmpty && imported.phones.isEmpty)
        let again = try target.importRecords(records, managers: managers, file: "export", actor: "bob")
        if format == .json {
            #expect(imported.visitorNumber == "82086")
            #expect(first.unmatchable == 0)
            #expect(again.created == 0)
            #expect(again.unchanged == 2)
            let chat = try target.database.write {
                try target.ingest(
                    body: StoreHarness.accepted(chat: 9, name: nil, number: "82086").bytes,
                    receivedAt: source.now + 60_000)
            }
            #expect(chat.leadID == imported.id)
        } else {
            #expect(first.unmatchable == 1)
            #expect(again.created == 1)
            #expect(again.unmatchable == 1)
            #expect(again.unchanged == 1)
        }
    }

    @Test(
        "json carries chats, messages, tasks, notes and the audit; --status and --since filter",
        arguments: StoreEngine.allCases)
    func jsonContents(engine: StoreEngine) throws {
        let harness = try Self.populated(engine: engine)
        let tom = try #require(try harness.store.leads(LeadFilter(search: "t.clifton")).first?.lead.id)
        try harness.store.addNote(tom, text: "called back", actor: "alice")
        var text = ""
        try harness.store.export(.json) { text += $0 }
        let document = try JSONParser.parse(Array(text.utf8))
        #expect(document["format"] == .string("jivocrm-export"))
        let leads = try #require(document["leads"]?.arrayValue)
        let exported = try #require(leads.first { $0["id"]?.int64Value == tom })
        #expect(exported["chats"]?.arrayValue?.isEmpty == false)
        #expect(exported["notes"]?[0]?["text"] == .string("called back"))
        #expect(exported["audit"]?.arrayValue?.contains { $0["action"] == .string("field") } == true)
        #expect(exported["utm"]?["utm_source"] == .string("google"))
        var spam = ""
        #expect(try harness.store.export(.csv, filter: ExportFilter(status: .spam)) { spam += $0 } == 1)
        #expect(try harness.store.export(.csv, filter: ExportFilter(since: harness.now + 86_400_000)) { _ in } == 0)
    }

    @Test(
        "a json import brings people, not history, and reports what it left out: chats, messages, calls, tasks, conflicts, notes, audit",
        arguments: StoreEngine.allCases)
    func jsonHistoryLeftOut(engine: StoreEngine) throws {
        let source = try Self.populated(engine: engine)
        var finished = StoreHarness.accepted(chat: 2, name: "Иван; Петров", email: "ivan@example.com", number: "200")
        finished["event_name"] = .string("chat_finished")
        finished["chat"] = .object([
            "messages": .array([
                .object(["timestamp": .number("1700000000"), "type": .string("visitor"), "message": .string("Hi")]),
                .object(["timestamp": .number("1700000010"), "type": .string("agent"), "message": .string("Hello")]),
            ])
        ])
        try source.deliver(finished)
        let leads = try source.store.leads(LeadFilter(limit: 100)).map(\.lead.id)
        try source.store.addNote(leads[0], text: "called back", actor: "alice")
        _ = try source.store.addTask(
            lead: leads[1], title: "call again", dueAt: source.now + 86_400_000, manager: nil, actor: "alice")
        var text = ""
        try source.store.export(.json) { text += $0 }
        let (records, managers) = try Self.read(text, .json)
        let target = try Store(path: source.newStore("target"))
        let report = try target.importRecords(records, managers: managers, file: "export.json", actor: "bob")
        func count(_ table: String) throws -> Int {
            Int(try source.store.database.scalar("SELECT count(*) FROM \(table)") ?? 0)
        }
        var expected = ImportHistory()
        expected.chats = try count("chats")
        expected.messages = try count("messages")
        expected.calls = try count("calls")
        expected.tasks = try count("tasks")
        expected.conflicts = try count("conflicts")
        expected.notes = try count("notes")
        expected.audit = try leads.reduce(0) { $0 + (try source.store.auditTrail(lead: $1).count) }
        #expect(expected.chats > 0, "\(expected)")
        #expect(expected.messages > 0, "\(expected)")
        #expect(
            expected.tasks > 0 && expected.notes == 1 && expected.conflicts > 0 && expected.audit > 0, "\(expected)")
        #expect(report.historyLeftOut == expected)
        #expect(try target.database.scalar("SELECT count(*) FROM chats") == 0)
        #expect(try target.database.scalar("SELECT count(*) FROM tasks") == 0)
    }

    @Test("csv and vcard carry no history, so an import of them leaves none out", arguments: [DataFormat.csv, .vcard])
    func noHistoryOutsideJSON(format: DataFormat) throws {
        let source = try Self.populated(engine: .sqlite)
        var text = ""
        try source.store.export(format) { text += $0 }
        let (records, _) = try Self.read(text, format)
        let target = try Store(path: source.newStore("target"))
        #expect(try target.importRecords(records, file: "export", actor: "bob").historyLeftOut.isEmpty)
    }

    @Test(
        "csv: custom field titles that differ only in letter case, Cyrillic too, share one column",
        arguments: StoreEngine.allCases)
    func csvTitlesIgnoreCase(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let first = try #require(try harness.deliver(StoreHarness.accepted(chat: 1, name: "Олег", number: "1")).leadID)
        let second = try #require(
            try harness.deliver(StoreHarness.accepted(chat: 2, name: "Ольга", number: "2")).leadID)
        try harness.store.setField(first, LeadField(title: "Тариф", content: "годовой"), actor: "alice")
        try harness.store.setField(second, LeadField(title: "тариф", content: "месячный"), actor: "alice")
        var text = ""
        try harness.store.export(.csv) { text += $0 }
        let rows = try CSVReader.records(Array(text.utf8)).map(\.fields)
        #expect(rows[0].filter { $0.lowercased() == "тариф" } == ["Тариф"])
        #expect(rows.dropFirst().map { $0.last } == ["годовой", "месячный"])
    }
}

extension JSONValue {
    fileprivate subscript(index: Int) -> JSONValue? {
        guard let array = arrayValue, array.indices.contains(index) else { return nil }
        return array[index]
    }
}
