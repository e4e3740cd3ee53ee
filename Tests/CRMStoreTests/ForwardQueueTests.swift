import Testing
import TestSupport

@testable import CRMStore

/// Schema version 11: on SQLite the ingest queues each kept event for the forward targets
/// itself (reading once per write transaction whether there are any), where a trigger on
/// `events` did it for every event, targets or none.
@Suite("Forward queue: kept events queued for each target without a trigger")
struct ForwardQueueTests {
    @Test("a version 10 store loses the events trigger when opened, and its events are still queued for each target")
    func aVersion10StoreIsMigrated() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("crm.sqlite")
        do {
            // A store as version 10 left it (migrations after it are not all re-runnable on a
            // newer store: version 19 adds a column).
            let old = try Schema.database(at: path, version: 10)
            #expect(
                try old.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'events_forward'")
                    == 1)
        }
        let store = try Store(path: path)
        #expect(try store.database.userVersion == Schema.currentVersion)
        #expect(
            try store.database.scalar(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'events_forward'") == 0)
        try store.setForwardTargets(["http://a.example/hook", "http://b.example/hook"])
        let body = StoreHarness.accepted(chat: 1, email: "first@example.com", number: "1").bytes
        #expect(try store.ingest(body: body, receivedAt: 1).status == "applied")
        #expect(try store.ingest(body: body, receivedAt: 2).status == "duplicate")
        #expect(try store.ingest(body: Array("not json".utf8), receivedAt: 3).status == "quarantined")
        let queued = try store.database.rows("SELECT event_id, target FROM outbox ORDER BY id") {
            "\($0.int(0)) \($0.text(1))"
        }
        #expect(
            queued == [
                "1 http://a.example/hook", "1 http://b.example/hook", "3 http://a.example/hook",
                "3 http://b.example/hook",
            ])
    }

    @Test("targets another connection sets are seen by the next transaction's events, and only targets")
    func targetsSetElsewhereAreSeenByTheNextTransaction() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("crm.sqlite")
        let listener = try Store(path: path)
        let console = try Store(path: path)
        let accepted = { (chat: Int) in
            StoreHarness.accepted(chat: chat, email: "v\(chat)@example.com", number: "\(chat)").bytes
        }
        try listener.database.write {
            _ = try listener.ingest(body: accepted(1), receivedAt: 1)
            _ = try listener.ingest(body: accepted(2), receivedAt: 2)
        }
        #expect(try listener.outboxDepth() == 0)
        try console.setForwardTargets(["http://a.example/hook"])
        try listener.database.write {
            _ = try listener.ingest(body: accepted(3), receivedAt: 3)
            _ = try listener.ingest(body: accepted(4), receivedAt: 4)
        }
        #expect(try console.outboxDepth() == 2)
        try console.setForwardTargets([])
        _ = try listener.ingest(body: accepted(5), receivedAt: 5)
        #expect(try console.outboxDepth() == 0)
    }
}
