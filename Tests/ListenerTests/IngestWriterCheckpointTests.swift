import CRMCore
import CRMStore
import Dispatch
import JivoProtocol
import Testing
import TestSupport

@testable import Listener

/// The ingest writer leaves its checkpoints to a thread of their own: while it runs, the log
/// reaches the database file although the writer itself never copies it.
@Suite struct IngestWriterCheckpointTests {
    /// A chat_accepted from a new visitor numbered `number`.
    private func chatAccepted(_ number: Int) -> [UInt8] {
        Fixtures.object("chat_accepted")
            .setting("chat_id", .number(String(900_000 + number)))
            .setting("visitor.number", .string(String(70_000 + number)))
            .setting("visitor.email", .string("visitor\(number)@example.com"))
            .setting("visitor.phone", .string("+7 916 \(1_000_000 + number)"))
            .bytes
    }

    @Test func theCheckpointerCopiesTheLogIntoTheFileWhileTheWriterRuns() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-checkpointer")
        let path = directory.file("crm.sqlite")
        _ = try Store(path: path)
        let empty = fileBytes(path) ?? -1
        let replied = DispatchSemaphore(value: 0)
        // The writer would copy the log itself only past a million pages: every copy is the
        // checkpointer's.
        let writer = IngestWriter(
            storePath: path, settings: CRMSettings(), busyTimeout: 2500, checkpointPages: (50, 1_000_000),
            onCommit: { _ in }, onError: { error in Issue.record("\(error)") },
            onCheckpointFailure: { error in Issue.record("\(error)") })
        try writer.start()
        let events = 400
        for number in 0..<events {
            writer.submit(
                .event(IncomingEvent(body: chatAccepted(number), receivedAt: 1_700_000_000_000)) { outcome in
                    if case .unavailable(let error) = outcome { Issue.record("\(error)") }
                    replied.signal()
                })
        }
        for _ in 0..<events { replied.wait() }
        #expect(
            eventually { (fileBytes(path) ?? -1) > empty + 100 * 4096 },
            "the log never reached the file while the writer ran")
        writer.stop()

        let store = try Store(path: path)
        #expect(try store.events().count == events)
        #expect(try store.database.scalar("SELECT count(*) FROM leads") == Int64(events))
        #expect(try store.database.first("PRAGMA integrity_check") { $0.text(0) } == "ok")
    }

    @Test func aStoppedWriterLeavesTheLogEmptyWhileAnotherConnectionStaysOpen() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-stop-log")
        let path = directory.file("crm.sqlite")
        // Open as `serve`'s own store stays: SQLite's last close, which would copy and remove
        // the log, never comes.
        let other = try Store(path: path)
        let replied = DispatchSemaphore(value: 0)
        let writer = IngestWriter(
            storePath: path, settings: CRMSettings(), busyTimeout: 2500, onCommit: { _ in },
            onError: { error in Issue.record("\(error)") }, onCheckpointFailure: { error in Issue.record("\(error)") })
        try writer.start()
        let events = 50
        for number in 0..<events {
            writer.submit(
                .event(IncomingEvent(body: chatAccepted(number), receivedAt: 1_700_000_000_000)) { _ in
                    replied.signal()
                })
        }
        for _ in 0..<events { replied.wait() }
        #expect((fileBytes(path + "-wal") ?? -1) > 0)
        writer.stop()

        #expect((fileBytes(path + "-wal") ?? -1) == 0, "the write-ahead log was left behind the stopped writer")
        #expect(try other.database.scalar("SELECT count(*) FROM leads") == Int64(events))
        let fresh = try Store(path: path)
        #expect(try fresh.events().count == events)
        #expect(try fresh.database.first("PRAGMA integrity_check") { $0.text(0) } == "ok")
    }
}
