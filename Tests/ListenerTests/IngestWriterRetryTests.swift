import CRMCore
import CRMStore
import Dispatch
import Locking
import Testing
import TestSupport

@testable import Listener

/// The writer applies a batch's events without a savepoint each; when one fails, it writes the
/// batch again with a savepoint per event, so that the failing event fails alone.
@Suite struct IngestWriterRetryTests {
    @Test func anEventThatFailsInABatchFailsAloneAndTheOthersAreApplied() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-retry")
        let path = directory.file("crm.sqlite")
        let setup = try Store(path: path)
        try setup.database.execute(
            """
            CREATE TRIGGER refuse_chat BEFORE INSERT ON chats WHEN new.chat_id = '666'
            BEGIN SELECT RAISE(ABORT, 'chat 666 is refused'); END
            """)
        let writer = IngestWriter(
            storePath: path, settings: CRMSettings(), busyTimeout: 2500, onCommit: { _ in }, onError: { _ in })
        let statuses = Locked<[Int: String]>([:])
        let replied = DispatchSemaphore(value: 0)
        // Queued before the writer starts, so that they make one batch.
        for chat in [1, 666, 3] {
            let body = Array(
                """
                {"event_name":"chat_accepted","chat_id":\(chat),"widget_id":"w1",\
                "visitor":{"name":"Visitor \(chat)","number":"\(chat)"}}
                """.utf8)
            writer.submit(
                .event(IncomingEvent(body: body, receivedAt: 1_700_000_000_000)) { outcome in
                    let status =
                        switch outcome {
                        case .committed(let result): "\(result.httpStatus) \(result.status)"
                        case .unavailable(let error): "unavailable \(error.kind)"
                        case .spooled(let error): "spooled \(error.kind)"
                        }
                    statuses.withLock { $0[chat] = status }
                    replied.signal()
                })
        }
        try writer.start()
        for _ in 0..<3 { replied.wait() }
        writer.stop()
        #expect(statuses.withLock { $0 } == [1: "200 applied", 666: "500 failed", 3: "200 applied"])
        #expect(try setup.events().map(\.status).sorted() == ["applied", "applied", "failed"])
        #expect(try setup.database.scalar("SELECT count(*) FROM leads") == 2)
        #expect(try setup.database.scalar("SELECT count(*) FROM chats") == 2)
    }
}
