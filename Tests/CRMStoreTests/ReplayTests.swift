import CRMCore
import CRMStore
import JivoProtocol
import Testing
import TestSupport

@Suite("Replay: rebuilding the CRM from the event inbox")
struct ReplayTests {
    /// Leads with their contacts, chats with their messages, and tasks, comparable across stores.
    struct Picture: Equatable {
        var leads: [String]
        var chats: [String]
        var tasks: [String]
    }

    private static func picture(_ store: Store) throws -> Picture {
        let leads = try store.leads(LeadFilter(limit: 10_000)).map(\.lead).sorted { $0.id < $1.id }
        return Picture(
            leads: leads.map { lead in
                "\(lead.title)|\(lead.name)|\(lead.status)|\(lead.description)|\(lead.emails.map(\.value))|\(lead.phones.map(\.value))"
                    + "|\(lead.fields.map { "\($0.title)=\($0.content)" })|\(lead.manager?.login ?? "-")"
            },
            chats: try leads.flatMap { lead in
                try store.chats(lead: lead.id).map { chat in
                    "\(lead.title)|\(chat.chatID)|\(chat.messages.map { "\($0.type):\($0.text)" })|\(chat.finishedAt != nil)"
                }
            }.sorted(),
            tasks: try store.tasks(openOnly: false).map { "\($0.leadTitle)|\($0.kind)|\($0.text)|\($0.status)" }
                .sorted())
    }

    private static func demoStore(engine: StoreEngine, _ count: Int) throws -> StoreHarness {
        let harness = try StoreHarness(engine: engine)
        try harness.store.addManager(login: "boss@example.com", name: "Boss", isDefault: true, actor: "test")
        var traffic = DemoTraffic(seed: 42)
        for delivery in traffic.next(count) { try harness.deliver(bytes: delivery.body.serializedBytes()) }
        return harness
    }

    @Test("replaying demo traffic gives the same leads, chats, messages and tasks", arguments: StoreEngine.allCases)
    func demoTraffic(engine: StoreEngine) throws {
        let harness = try Self.demoStore(engine: engine, 200)
        let token = try harness.store.webhookToken()
        let path = try harness.newStore("replayed")
        let report = try harness.store.replay(into: path)
        let replayed = try Store(path: path)
        let before = try Self.picture(harness.store)
        #expect(before.leads.count > 10)
        #expect(before.chats.count > 10)
        #expect(!before.tasks.isEmpty)
        #expect(try Self.picture(replayed) == before)
        #expect(report.statuses.values.reduce(0, +) == 200)
        #expect(report.notCarried == [])
        #expect(try replayed.webhookToken() == token)
    }

    @Test("a token rotation is said as a change to the store, not to a lead", arguments: StoreEngine.allCases)
    func tokenRotationIsTheStores(engine: StoreEngine) throws {
        let harness = try Self.demoStore(engine: engine, 5)
        let (token, _) = try harness.store.rotateWebhookToken(graceMilliseconds: 0)
        let audit = try #require(try harness.store.database.scalar("SELECT max(id) FROM audit"))
        let path = try harness.newStore("replayed")
        let report = try harness.store.replay(into: path)
        #expect(
            report.notCarried == [
                "audit #\(audit) (token_rotated): a change to the store, not to a lead: the new store takes its "
                    + "current webhook token and managers instead"
            ])
        #expect(try Store(path: path).webhookToken() == token)
    }

    @Test(
        "operator edits, fields, statuses, notes, done tasks and resolutions are carried onto the same leads",
        arguments: StoreEngine.allCases)
    func operatorEdits(engine: StoreEngine) throws {
        let harness = try Self.demoStore(engine: engine, 120)
        let store = harness.store
        let leads = try store.leads(LeadFilter(limit: 10_000)).map(\.lead).sorted { $0.id < $1.id }
        let first = try #require(leads.first)
        let second = try #require(leads.dropFirst().first)
        harness.now += 10_000
        store.clock = { [now = harness.now] in now }
        try store.edit(first.id, ContactEdit(name: "Renamed Person", description: "edited"), actor: "alice")
        try store.setField(first.id, LeadField(title: "Plan", content: "Gold"), actor: "alice")
        try store.setStatus(second.id, .qualified, actor: "bob")
        try store.addNote(second.id, text: "call on Monday", actor: "bob")
        let task = try #require(try store.tasks(openOnly: true).first)
        try store.completeTask(task.id, actor: "alice")
        let conflict = try #require(
            try store.conflicts(openOnly: true).first { $0.field == "phone" || $0.field == "email" })
        try store.resolve(conflict.id, .keepBoth, actor: "alice")
        try harness.deliver(
            StoreHarness.accepted(chat: 999_001, name: "Late Visitor", email: "late@example.com", number: "999"))

        let path = try harness.newStore("replayed")
        let report = try store.replay(into: path)
        #expect(report.notCarried == [])
        #expect(report.carried == 7)
        let replayed = try Store(path: path)
        #expect(try Self.picture(replayed) == Self.picture(store))
        #expect(try replayed.notes(lead: second.id).map(\.text) == ["call on Monday"])
        #expect(try replayed.conflicts(openOnly: true).count == store.conflicts(openOnly: true).count)
    }

    @Test("replay refuses a target that exists and is not empty", arguments: StoreEngine.allCases)
    func refusesExisting(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        try harness.deliver(StoreHarness.accepted(chat: 1, email: "a@example.com"))
        #expect(throws: CRMError.self) { try harness.store.replay(into: harness.store.database.path) }
    }
}
