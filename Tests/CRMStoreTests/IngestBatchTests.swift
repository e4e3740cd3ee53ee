import CRMCore
import CRMStore
import JivoProtocol
import Testing
import TestSupport

/// The listener's writer applies many events in one transaction; one that fails must fail
/// alone on both engines. On PostgreSQL a statement that fails outside a savepoint aborts the
/// whole transaction, so every step whose failure ingest tolerates runs in one there.
@Suite("Ingest: one failing event in a batch")
struct IngestBatchTests {
    @Test(
        "an event whose lead lookup fails is kept as failed and the batch's other events commit",
        arguments: StoreEngine.allCases)
    func failingLookupFailsAlone(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        try Self.trapSignedVisitorLookups(harness.store)
        let signed = StoreHarness.accepted(chat: 2, email: "signed@example.com", number: "200")
            .setting("user_token", .string("v1.any.token"))
        let bodies = [
            StoreHarness.accepted(chat: 1, email: "before@example.com", number: "100"), signed,
            StoreHarness.accepted(chat: 3, email: "after@example.com", number: "300"),
        ]
        let results = try harness.store.database.write {
            try bodies.enumerated().map { index, body in
                try harness.store.ingest(body: body.bytes, receivedAt: harness.now + Int64(index))
            }
        }
        #expect(results.map(\.status) == ["applied", "failed", "applied"])
        #expect(try harness.store.events(status: "applied").count == 2)
        #expect(try harness.store.events(status: "failed").map(\.chatID) == ["2"])
        let emails = try harness.store.database.rows("SELECT value FROM lead_emails ORDER BY value") { $0.text(0) }
        #expect(emails == ["after@example.com", "before@example.com"])
    }

    @Test(
        "a manager added between two events of one transaction is given to the later event's lead",
        arguments: StoreEngine.allCases)
    func managerAddedInTheBatchIsChosen(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let results = try harness.store.database.write {
            let first = try harness.store.ingest(
                body: StoreHarness.accepted(chat: 1, email: "a@example.com").bytes, receivedAt: harness.now)
            _ = try harness.store.addManager(login: "boss@example.com", name: "Boss", isDefault: true, actor: "test")
            let second = try harness.store.ingest(
                body: StoreHarness.accepted(chat: 2, email: "a@example.com").bytes, receivedAt: harness.now + 1)
            return [first, second]
        }
        let leadID = try #require(results[0].leadID)
        #expect(results[1].leadID == leadID)
        #expect(!results[1].created)
        #expect(try harness.store.lead(leadID)?.manager?.login == "boss@example.com")
    }

    /// Makes reading the visitor-token key fail inside the database, as a statement can fail
    /// on a server: only events with a signed `user_token` (`v1.…`) read it.
    static func trapSignedVisitorLookups(_ store: Store) throws {
        try store.setSetting("visitor_token_key", "not a number")
        let failing =
            store.database.isPostgres ? "CAST(CAST(value AS integer) AS text)" : "json_extract(value, '$')"
        try store.database.execute(
            """
            ALTER TABLE settings RENAME TO settings_kept;
            CREATE VIEW settings AS SELECT key,
                CASE WHEN key = 'visitor_token_key' THEN \(failing) ELSE value END AS value
            FROM settings_kept;
            """)
    }
}
