import CRMCore
import JivoProtocol
import Testing
import TestSupport

@testable import CRMStore

@Suite("Ingest: a new visitor's lead written in one insert")
struct IngestNewLeadTests {
    /// The lead the reply to `result` was composed from.
    private static func replied(_ result: IngestResult) throws -> Lead {
        guard case .lead(let lead, _, _) = result.answer else { throw ReplyIsFixed() }
        return lead
    }

    private struct ReplyIsFixed: Error {}

    @Test(
        "a new visitor's lead is stored as the reply states it, versioned and audited as if filled field by field",
        arguments: StoreEngine.allCases)
    func storedAsReplied(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        try harness.store.addManager(login: "agent@example.com", name: "Anna", isDefault: false, actor: "test")
        let result = try harness.deliver(
            StoreHarness.accepted(chat: 18, email: "Tom@Example.com", phone: "8 (916) 123-45-67"))
        let id = try #require(result.leadID)
        let stored = try #require(try harness.store.lead(id))
        #expect(try Self.replied(result) == stored)
        #expect(stored.title == "JivoChat #18 - Tom Clifton")
        #expect(stored.name == "Tom Clifton")
        #expect(stored.version == 3)
        #expect(stored.updatedAt == harness.store.clock())
        let trail = try harness.store.auditTrail(lead: id)
        #expect(trail.map(\.action) == ["created", "fill", "fill", "fill", "assign"])
        #expect(trail.map { $0.field ?? "" } == ["", "name", "email", "phone", "manager"])
        #expect(trail[0].detail == "from event #\(result.eventID) (chat_accepted)")
        #expect(trail[1].after == "Tom Clifton" && trail[1].detail == "from event #\(result.eventID)")
        #expect(trail[4].after == "agent@example.com" && trail[4].detail == "rule: agent-login")
        #expect(try harness.store.leads(LeadFilter(search: "clifton")).map(\.lead.id) == [id])
    }

    @Test(
        "a new visitor with nothing to fill and no manager to give: version 1, audited as created and unassigned",
        arguments: StoreEngine.allCases)
    func nothingToFill(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let result = try harness.deliver(StoreHarness.accepted(chat: 7, name: nil, number: "7"))
        let id = try #require(result.leadID)
        let stored = try #require(try harness.store.lead(id))
        #expect(try Self.replied(result) == stored)
        #expect(stored.title == "JivoChat #7 - Visitor 7")
        #expect(stored.version == 1)
        #expect(stored.manager == nil)
        #expect(try harness.store.auditTrail(lead: id).map(\.action) == ["created", "assign"])
        let email = try harness.deliver(StoreHarness.accepted(chat: 8, name: nil, email: "a@example.com", number: "8"))
        let emailID = try #require(email.leadID)
        let emailLead = try #require(try harness.store.lead(emailID))
        #expect(try Self.replied(email) == emailLead)
        #expect(emailLead.version == 2)
        #expect(try harness.store.auditTrail(lead: emailLead.id).map(\.action) == ["created", "fill", "assign"])
    }

    @Test(
        "a new visitor's event row is written once with its lead, in its turn: the id its audit names, queued to forward",
        arguments: StoreEngine.allCases)
    func eventRowWrittenWithItsLead(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        try harness.store.setForwardTargets(["http://127.0.0.1:9/hook"])
        let first = try harness.deliver(StoreHarness.accepted(chat: 1, email: "a@example.com", number: "1"))
        let newBody = StoreHarness.accepted(chat: 2, email: "b@example.com", number: "2")
        let new = try harness.deliver(newBody)
        let returning = try harness.deliver(StoreHarness.accepted(chat: 3, email: "a@example.com", number: "1"))
        #expect(first.eventID < new.eventID && new.eventID < returning.eventID)
        #expect(new.created && new.status == "applied")
        let id = try #require(new.leadID)
        let row = try #require(
            try harness.store.database.first(
                "SELECT lead_id, created_lead, status, error, note FROM events WHERE id = ?", [.integer(new.eventID)]
            ) { ($0.optionalInt(0), $0.int(1), $0.text(2), $0.optionalText(3), $0.optionalText(4)) })
        #expect(row.0 == id && row.1 == 1 && row.2 == "applied" && row.3 == nil && row.4 == nil)
        #expect(try harness.store.eventBody(new.eventID) == newBody.bytes)
        #expect(try harness.store.auditTrail(lead: id)[0].detail == "from event #\(new.eventID) (chat_accepted)")
        #expect(
            try harness.store.database.rows("SELECT event_id FROM outbox ORDER BY id", []) { $0.int(0) }
                == [first.eventID, new.eventID, returning.eventID])
    }

    @Test(
        "a new visitor's search row is written at the commit, and rebuilt whole when a search in the transaction wrote it",
        arguments: StoreEngine.allCases)
    func newLeadSearchRow(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let store = harness.store
        let id = try store.database.write { () -> Int64 in
            let created = try store.ingest(
                body: StoreHarness.accepted(chat: 1, name: "Zeta Quux", number: "5").bytes, receivedAt: 1)
            let id = try #require(created.leadID)
            #expect(try store.leads(LeadFilter(search: "zeta quux")).map(\.lead.id) == [id])
            let other = try store.ingest(
                body: StoreHarness.accepted(chat: 2, name: "Omega Pix", number: "6").bytes, receivedAt: 2)
            let returning = try store.ingest(
                body: StoreHarness.accepted(chat: 3, name: "Zeta Quux", phone: "+7 916 555-12-34", number: "5").bytes,
                receivedAt: 3)
            #expect(returning.leadID == id && other.leadID != id)
            return id
        }
        #expect(try store.leads(LeadFilter(search: "555-12-34")).map(\.lead.id) == [id])
        #expect(try store.leads(LeadFilter(search: "zeta")).map(\.lead.id) == [id])
        #expect(try store.leads(LeadFilter(search: "omega")).count == 1)
        let rows =
            engine == .sqlite
            ? "SELECT count(*) FROM lead_search WHERE rowid = ?" : "SELECT count(*) FROM lead_search WHERE lead_id = ?"
        #expect(try store.database.scalar(rows, [.integer(id)]) == 1)
    }

    @Test(
        "a new lead's id that a rolled-back transaction held and another connection then gave its own lead is indexed once",
        arguments: StoreEngine.allCases)
    func rolledBackNewLeadID(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let listener = harness.store
        struct Abandoned: Error {}
        #expect(throws: Abandoned.self) {
            try listener.database.write {
                _ = try listener.ingest(
                    body: StoreHarness.accepted(chat: 1, name: "Zeta Quux", number: "5").bytes, receivedAt: 1)
                throw Abandoned()
            }
        }
        let other = try Store(path: harness.cluster?.url(database: "crm") ?? harness.directory.file("crm.sqlite"))
        let theirs = try #require(
            try other.database.write {
                try other.ingest(
                    body: StoreHarness.accepted(chat: 2, name: "Omega Pix", number: "6").bytes, receivedAt: 2)
            }.leadID)
        try listener.database.write {
            _ = try listener.ingest(
                body: StoreHarness.accepted(chat: 3, name: "Kappa Lum", number: "7").bytes, receivedAt: 3)
        }
        #expect(try listener.leads(LeadFilter(search: "omega pix")).map(\.lead.id) == [theirs])
        #expect(try listener.leads(LeadFilter(search: "kappa")).count == 1)
        #expect(try listener.leads(LeadFilter(search: "zeta")).isEmpty)
        let rows =
            engine == .sqlite
            ? "SELECT count(*) FROM lead_search WHERE rowid = ?" : "SELECT count(*) FROM lead_search WHERE lead_id = ?"
        #expect(try listener.database.scalar(rows, [.integer(theirs)]) == 1)
    }
}
