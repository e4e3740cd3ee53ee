import CRMCore
import CRMStore
import Foundation
import JivoProtocol
import Testing
import TestSupport

/// An error raised on another thread, kept for the test to report.
private final class ErrorBox: @unchecked Sendable {
    // Safety: every access holds `lock`.
    private let lock = NSLock()
    private var stored: (any Error)?

    var error: (any Error)? { lock.withLock { stored } }

    func set(_ error: any Error) { lock.withLock { stored = error } }
}

@Suite("Backup and restore")
struct BackupTests {
    private static func bodies(_ count: Int) -> [[UInt8]] {
        var traffic = DemoTraffic(seed: 11)
        return traffic.next(count).map { $0.body.serializedBytes() }
    }

    /// Row counts a set of events leads to.
    private static func effects(_ store: Store) throws -> [Int64] {
        try ["leads", "lead_emails", "lead_phones", "chats", "messages", "calls", "tasks", "conflicts", "events"].map {
            try store.database.scalar("SELECT count(*) FROM \($0)") ?? -1
        }
    }

    @Test("a backup taken while another connection ingests is sound, private and complete up to a point")
    func backupUnderLoad() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("crm.sqlite")
        let bodies = Self.bodies(400)
        let store = try Store(path: path)
        let failure = ErrorBox()
        let done = DispatchSemaphore(value: 0)
        let writer = Thread {
            defer { done.signal() }
            do {
                let ingesting = try Store(path: path)
                for (index, body) in bodies.enumerated() {
                    _ = try ingesting.database.write {
                        try ingesting.ingest(body: body, receivedAt: 1_700_000_000_000 + Int64(index) * 1000)
                    }
                }
            } catch {
                failure.set(error)
            }
        }
        writer.start()
        while (try store.database.scalar("SELECT count(*) FROM events") ?? 0) < 40 { usleep(1000) }
        let backupPath = directory.file("backup.sqlite")
        let summary = try store.backup(to: backupPath)
        done.wait()
        #expect(failure.error == nil)
        let finalCount = try store.database.scalar("SELECT count(*) FROM events") ?? 0
        #expect(finalCount == 400)
        #expect(summary.events >= 40)
        #expect(summary.events < 400, "the backup should have run while events were still arriving")

        var info = stat()
        stat(backupPath, &info)
        #expect(info.st_mode & 0o777 == 0o600)
        #expect(try Store.inspectBackup(backupPath).events == summary.events)

        let copy = try Store(path: directory.file("copy.sqlite"))
        try copy.restore(from: backupPath)
        #expect(try Store.inspectBackup(copy.database.path).events == summary.events)
        let reference = try Store(path: directory.file("reference.sqlite"))
        for (index, body) in bodies.prefix(Int(summary.events)).enumerated() {
            _ = try reference.database.write {
                try reference.ingest(body: body, receivedAt: 1_700_000_000_000 + Int64(index) * 1000)
            }
        }
        #expect(try Self.effects(copy) == Self.effects(reference))
    }

    @Test("restore puts the backup's content in place and keeps the store usable; other connections see it")
    func restoreReplaces() throws {
        let harness = try StoreHarness()
        try harness.deliver(StoreHarness.accepted(chat: 1, email: "tom@example.com"))
        let backupPath = harness.directory.file("backup.sqlite")
        try harness.store.backup(to: backupPath)
        try harness.deliver(StoreHarness.accepted(chat: 2, name: "Anna", email: "anna@example.com", number: "200"))
        let other = try Store(path: harness.store.database.path)
        #expect(try other.database.scalar("SELECT count(*) FROM leads") == 2)
        let summary = try harness.store.restore(from: backupPath)
        #expect(summary.leads == 1)
        #expect(try other.database.scalar("SELECT count(*) FROM leads") == 1)
        #expect(try harness.store.leads(LeadFilter(search: "anna")).isEmpty)
        try harness.deliver(StoreHarness.accepted(chat: 3, name: "Bob", email: "bob@example.com", number: "300"))
        #expect(try other.database.scalar("SELECT count(*) FROM leads") == 2)
    }

    @Test("restore refuses a file that is not a store, a damaged one, one from a newer jivocrm, and a foreign database")
    func restoreChecks() throws {
        let harness = try StoreHarness()
        let directory = harness.directory
        try harness.deliver(StoreHarness.accepted(chat: 1, email: "tom@example.com"))
        let garbage = directory.file("garbage.sqlite")
        _ = FileManager.default.createFile(atPath: garbage, contents: Data(repeating: 0x41, count: 8192))
        let newer = directory.file("newer.sqlite")
        try harness.store.backup(to: newer)
        let raised = try Database(path: newer, create: false)
        try raised.execute("PRAGMA user_version = 99")
        let foreign = directory.file("foreign.sqlite")
        let other = try Database(path: foreign)
        try other.execute("PRAGMA journal_mode = DELETE; CREATE TABLE t(x)")
        let damaged = directory.file("damaged.sqlite")
        try harness.store.backup(to: damaged)
        var bytes = try #require(FileManager.default.contents(atPath: damaged))
        for offset in stride(from: 4096 + 100, to: min(bytes.count, 4096 * 3), by: 7) { bytes[offset] = 0xFF }
        _ = FileManager.default.createFile(atPath: damaged, contents: bytes)

        for (path, kind) in [
            (garbage, StoreError.Kind.corrupt), (newer, .tooNew), (foreign, .corrupt), (damaged, .corrupt),
            (directory.file("missing.sqlite"), .cannotOpen), (harness.store.database.path, .cannotOpen),
        ] {
            do {
                try harness.store.restore(from: path)
                Issue.record("restoring \(path) should have failed")
            } catch let error as StoreError {
                #expect(error.kind == kind, "\(path): \(error.message)")
            }
        }
        #expect(try harness.store.database.scalar("SELECT count(*) FROM leads") == 1)
        #expect(throws: StoreError.self) { try harness.store.backup(to: harness.store.database.path) }
        #expect(try harness.store.database.scalar("SELECT count(*) FROM leads") == 1)
    }
}
