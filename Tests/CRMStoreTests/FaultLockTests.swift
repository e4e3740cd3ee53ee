import CRMCore
import CRMStore
import Testing
import TestSupport

/// A connection refused the write lock (another writer holds it) must come back clean: its
/// next write transaction commits for real, visible to every other connection.
@Suite("Store faults: the write lock")
struct FaultLockTests {
    @Test("a write refused as busy leaves no transaction open; the next write is durable")
    func busyThenCommit() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("crm.sqlite")
        let holder = try Store(path: path)
        let writer = try Store(path: path, busyTimeout: 50)
        try holder.database.execute("BEGIN IMMEDIATE; INSERT INTO settings(key, value) VALUES ('held', '1')")
        let refused = #expect(throws: StoreError.self) {
            try writer.database.write { try writer.setSetting("refused", "1") }
        }
        #expect(refused?.kind == .busy)
        try holder.database.execute("ROLLBACK")
        try writer.database.write { try writer.setSetting("after", "1") }
        let reader = try Store(path: path)
        #expect(try reader.setting("after") == "1", "the write after the refusal was not committed")
        #expect(try reader.setting("refused") == nil)
    }

    @Test("an ingest refused as busy leaves nothing behind; the retry is applied once and durable")
    func busyIngestThenRetry() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("crm.sqlite")
        let holder = try Store(path: path)
        let writer = try Store(path: path, busyTimeout: 50)
        let body = StoreHarness.accepted(chat: 7, email: "seven@example.com").bytes
        try writer.database.write { _ = try writer.ingest(body: Array("{}".utf8), receivedAt: 1) }
        try holder.database.execute("BEGIN IMMEDIATE")
        #expect(throws: StoreError.self) {
            try writer.database.write { _ = try writer.ingest(body: body, receivedAt: 2) }
        }
        try holder.database.execute("ROLLBACK")
        let result = try writer.database.write { try writer.ingest(body: body, receivedAt: 3) }
        #expect(result.status == "applied")
        let reader = try Store(path: path)
        #expect(try reader.database.scalar("SELECT count(*) FROM events") == 2)
        #expect(try reader.database.scalar("SELECT count(*) FROM lead_emails WHERE value = 'seven@example.com'") == 1)
    }
}
