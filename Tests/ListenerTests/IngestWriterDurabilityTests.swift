import CRMCore
import CRMStore
import Dispatch
import Foundation
import Locking
import Testing
import TestSupport

@testable import Listener

/// What the writer's threads did, in order, as seen from the sync and the replies.
private final class Journal: Sendable {
    private let entries = Locked<[String]>([])
    let replied = DispatchSemaphore(value: 0)

    func note(_ entry: String) { entries.withLock { $0.append(entry) } }

    var all: [String] { entries.withLock { $0 } }
}

/// The ingest writer commits without waiting for the disk and answers only after the sync of
/// the write-ahead log that makes the commit durable.
@Suite struct IngestWriterDurabilityTests {
    private func writer(
        _ path: String, _ journal: Journal,
        sync: @escaping @Sendable (WriteAheadLog) throws(StoreError) -> Void
    ) -> IngestWriter {
        IngestWriter(
            storePath: path, settings: CRMSettings(), busyTimeout: 2500, syncLog: sync,
            onCommit: { results in journal.note("committed \(results.count)") },
            onError: { error in journal.note("error \(error.kind)") })
    }

    private func submit(_ writer: IngestWriter, _ fixture: String, _ journal: Journal) {
        writer.submit(
            .event(IncomingEvent(body: Fixtures.bytes(fixture), receivedAt: 1_700_000_000_000)) { outcome in
                switch outcome {
                case .committed(let result): journal.note("reply \(result.httpStatus) \(result.status)")
                case .unavailable(let error): journal.note("unavailable \(error.kind)")
                case .spooled(let error): journal.note("spooled \(error.kind)")
                }
                journal.replied.signal()
            })
    }

    @Test func repliesComeOnlyAfterTheLogIsSynced() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-durability")
        let path = directory.file("crm.sqlite")
        let journal = Journal()
        let release = DispatchSemaphore(value: 0)
        let writer = writer(path, journal) { log throws(StoreError) in
            journal.note("sync requested")
            // The commit is in the store before the sync: another connection sees it.
            let visible = (try? Store(path: path).events().count) ?? -1
            journal.note("visible \(visible)")
            release.wait()
            try log.sync()
            journal.note("synced \(log.path.hasSuffix("crm.sqlite-wal"))")
        }
        try writer.start()
        submit(writer, "chat_accepted", journal)
        while !journal.all.contains("visible 1") { usleep(1000) }
        #expect(!journal.all.contains { $0.hasPrefix("reply") }, "\(journal.all)")
        release.signal()
        journal.replied.wait()
        writer.stop()
        #expect(
            journal.all == ["sync requested", "visible 1", "synced true", "committed 1", "reply 200 applied"],
            "\(journal.all)")
    }

    @Test func aFailedSyncAnswersUnavailableAndTheRedeliveryIsADuplicate() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-durability")
        let path = directory.file("crm.sqlite")
        let journal = Journal()
        let failing = writer(path, journal) { _ throws(StoreError) in
            throw StoreError(kind: .full, message: "the disk did not confirm")
        }
        try failing.start()
        submit(failing, "chat_accepted", journal)
        journal.replied.wait()
        failing.stop()
        #expect(journal.all == ["error full", "unavailable full"], "\(journal.all)")

        let retry = Journal()
        let working = writer(path, retry) { log throws(StoreError) in try log.sync() }
        try working.start()
        submit(working, "chat_accepted", retry)
        retry.replied.wait()
        working.stop()
        #expect(retry.all == ["committed 1", "reply 200 duplicate"], "\(retry.all)")
        #expect(try Store(path: path).events().map(\.status) == ["duplicate", "applied"])
    }

    @Test func theLogIsSyncedThroughANewDescriptorWhenTheFileWasReplaced() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-durability")
        let path = directory.file("crm.sqlite")
        let store = try Store(path: path)
        let log = WriteAheadLog(of: store.database)
        #expect(log.path.hasSuffix("/crm.sqlite-wal") && FileManager.default.fileExists(atPath: log.path))
        try store.database.write { try store.setSetting("probe", "1") }
        try log.sync()
        try FileManager.default.removeItem(atPath: log.path)
        #expect(throws: StoreError.self) { try log.sync() }
        #expect(FileManager.default.createFile(atPath: log.path, contents: Data()))
        try log.sync()
    }
}
