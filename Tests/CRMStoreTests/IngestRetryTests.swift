import CRMCore
import CRMStore
import JivoProtocol
import Testing
import TestSupport

/// Events applied without a savepoint each: one whose effects fail asks for the transaction to be
/// written again isolated, where it fails alone.
@Suite("Ingest: events applied without a savepoint each")
struct IngestRetryTests {
    /// A chat_accepted for chat `chat`, from visitor `chat`.
    private static func accepted(_ chat: Int) -> [UInt8] {
        Array(
            """
            {"event_name":"chat_accepted","chat_id":\(chat),"widget_id":"w1",\
            "visitor":{"name":"Visitor \(chat)","number":"\(chat)","email":"v\(chat)@example.com"}}
            """.utf8)
    }

    /// Makes recording chat 666 fail for a lasting reason.
    private static func refuseChat666(_ harness: StoreHarness, engine: StoreEngine) throws {
        switch engine {
        case .sqlite:
            try harness.store.database.execute(
                """
                CREATE TRIGGER refuse_chat BEFORE INSERT ON chats WHEN new.chat_id = '666'
                BEGIN SELECT RAISE(ABORT, 'chat 666 is refused'); END
                """)
        case .postgres:
            try harness.store.database.execute(
                """
                CREATE FUNCTION refuse_chat() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN IF NEW.chat_id = '666' THEN RAISE EXCEPTION 'chat 666 is refused'; END IF; RETURN NEW; END $$;
                CREATE TRIGGER refuse_chat BEFORE INSERT ON chats FOR EACH ROW EXECUTE FUNCTION refuse_chat()
                """)
        }
    }

    @Test(
        "a failing event throws IngestRetry and nothing of the batch stays; isolated, it alone fails, undone",
        arguments: StoreEngine.allCases)
    func failingEventIsRetriedIsolated(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        try Self.refuseChat666(harness, engine: engine)
        let bodies = [Self.accepted(1), Self.accepted(666), Self.accepted(3)]
        let store = harness.store
        #expect(throws: IngestRetry.self) {
            try store.database.write {
                for body in bodies { _ = try store.ingest(IncomingEvent(body: body, receivedAt: 1), isolated: false) }
            }
        }
        #expect(try store.database.scalar("SELECT count(*) FROM events") == 0)
        #expect(try store.database.scalar("SELECT count(*) FROM leads") == 0)
        let results = try store.database.write {
            try bodies.map { try store.ingest(IncomingEvent(body: $0, receivedAt: 1), isolated: true) }
        }
        #expect(results.map(\.status) == ["applied", "failed", "applied"])
        #expect(results[1].leadID == nil)
        #expect(try store.database.scalar("SELECT count(*) FROM leads") == 2)
        #expect(
            try store.database.scalar("SELECT count(*) FROM lead_emails WHERE normalized = 'v666@example.com'") == 0)
        #expect(results[0].eventID < results[1].eventID && results[1].eventID < results[2].eventID)
        let failed = try #require(
            try store.database.first(
                "SELECT lead_id, created_lead, status, error, body FROM events WHERE id = ?",
                [.integer(results[1].eventID)]
            ) { ($0.optionalInt(0), $0.int(1), $0.text(2), $0.optionalText(3), $0.blob(4)) })
        #expect(failed.0 == nil && failed.1 == 0 && failed.2 == "failed" && failed.4 == bodies[1])
        #expect(failed.3?.hasPrefix("applying the event failed: ") == true)
    }

    @Test(
        "a failed event's reply names the event kept, never the store's address or SQL; its row keeps the whole error",
        arguments: StoreEngine.allCases)
    func failedReplyKeepsTheStoreToItself(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        try Self.refuseChat666(harness, engine: engine)
        let result = try harness.deliver(bytes: Self.accepted(666))
        #expect(result.outcome == .failed)
        let id = result.eventID
        #expect(
            result.reply
                == ChatReply.error("applying the event failed; it is kept as event #\(id) (`jivocrm events \(id)`)"))
        let reply = String(decoding: result.replyBytes, as: UTF8.self)
        let address = harness.cluster?.url(database: "crm") ?? harness.directory.file("crm.sqlite")
        for leak in [address, harness.directory.path, "INSERT", "chats", "chat 666 is refused"] {
            #expect(!reply.contains(leak), "\(leak) in \(reply)")
        }
        let error = try #require(
            try harness.store.database.first("SELECT error FROM events WHERE id = ?", [.integer(id)]) {
                $0.optionalText(0)
            } ?? nil)
        #expect(error.hasPrefix("applying the event failed: "))
        #expect(error.contains("chat 666 is refused"))
    }

    @Test(
        "events that do not fail are applied alike with and without a savepoint each", arguments: StoreEngine.allCases)
    func sameOutcomeWithoutSavepoints(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let isolated = harness.store
        let optimistic = try Store(
            path: try harness.cluster?.createDatabase("optimistic") ?? harness.directory.file("optimistic.sqlite"),
            settings: isolated.settings)
        optimistic.clock = isolated.clock
        let bodies = [Self.accepted(1), Self.accepted(2), Self.accepted(1)]
        for (store, each) in [(isolated, true), (optimistic, false)] {
            let results = try store.database.write {
                try bodies.map { try store.ingest(IncomingEvent(body: $0, receivedAt: 1), isolated: each) }
            }
            #expect(results.map(\.status) == ["applied", "applied", "duplicate"])
        }
        for table in ["leads", "lead_emails", "lead_keys", "chats", "chat_agents", "audit", "events"] {
            let sql = "SELECT count(*) FROM \(table)"
            #expect(try isolated.database.scalar(sql) == optimistic.database.scalar(sql), "\(table)")
        }
        for lead in [Int64(1), 2] {
            #expect(try isolated.lead(lead) == optimistic.lead(lead))
            #expect(try isolated.auditTrail(lead: lead) == optimistic.auditTrail(lead: lead))
        }
    }
}
