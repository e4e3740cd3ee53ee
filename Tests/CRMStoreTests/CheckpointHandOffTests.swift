import Dispatch
import Foundation
import Testing
import TestSupport

@testable import CRMStore

/// A writer that hands its checkpoints off wakes the checkpointer instead of copying the log
/// into the database file inside its commits, until the log reaches the backstop; a passive
/// checkpoint on another connection copies it.
@Suite struct CheckpointHandOffTests {
    /// Rows of about a page each.
    private static let rowBytes = 3000

    /// A store at `path` with an empty table of blobs.
    private func open(_ path: String) throws -> Database {
        let database = try Database(path: path)
        try database.execute("CREATE TABLE IF NOT EXISTS blobs(b BLOB)")
        return database
    }

    /// Commits `transactions` transactions of 50 rows of about a page each.
    private func fill(_ database: Database, transactions: Int) throws {
        for _ in 0..<transactions {
            try database.write {
                for _ in 0..<50 {
                    try database.run("INSERT INTO blobs(b) VALUES (randomblob(?))", [.integer(Int64(Self.rowBytes))])
                }
            }
        }
    }

    /// How many times `wakes` was signalled.
    private func count(_ wakes: DispatchSemaphore) -> Int {
        var count = 0
        while wakes.wait(timeout: .now()) == .success { count += 1 }
        return count
    }

    @Test func aWriterThatHandsOffItsCheckpointsLeavesTheLogForTheCheckpointer() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-checkpoint")
        let pages = 30 * 50

        // As SQLite leaves it, the writer copies the log into the file itself past 1,000 pages
        // (seen while it is open: closing the last connection copies the whole log).
        let alone = directory.file("alone.sqlite")
        let control = try open(alone)
        try fill(control, transactions: 30)
        #expect((fileBytes(alone) ?? -1) > 1000 * 4096)
        withExtendedLifetime(control) {}

        let path = directory.file("crm.sqlite")
        let writer = try open(path)
        let wakes = DispatchSemaphore(value: 0)
        writer.handOffCheckpoints(to: .init(wakeAt: 100, checkpointAt: 1_000_000) { wakes.signal() })
        let before = fileBytes(path) ?? -1
        try fill(writer, transactions: 30)
        #expect((fileBytes(path) ?? -1) == before, "the writer copied the log into the file itself")
        // Every commit from the one that took the log past 100 pages woke the checkpointer.
        #expect(count(wakes) == 29)

        let checkpointer = try Database(path: path, create: false)
        let checkpoint = try #require(try checkpointer.checkpointPassively())
        #expect(checkpoint.logged >= Int32(pages) && checkpoint.copied == checkpoint.logged)
        #expect((fileBytes(path) ?? -1) > pages * 4096)
        #expect(try checkpointer.scalar("SELECT count(*) FROM blobs") == Int64(pages))
        #expect(try checkpointer.first("PRAGMA integrity_check") { $0.text(0) } == "ok")
        withExtendedLifetime(writer) {}
    }

    @Test func pastTheBackstopTheWriterCheckpointsItself() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-checkpoint")
        let path = directory.file("crm.sqlite")
        let writer = try open(path)
        let wakes = DispatchSemaphore(value: 0)
        writer.handOffCheckpoints(to: .init(wakeAt: 100, checkpointAt: 400) { wakes.signal() })
        try fill(writer, transactions: 30)
        // The log restarts after each checkpoint the writer takes, so commits past 100 pages
        // and below 400 keep waking the checkpointer, and the file holds the copied pages.
        #expect(count(wakes) > 6)
        #expect((fileBytes(path) ?? -1) > 400 * 4096)
        let checkpoint = try #require(try Database(path: path, create: false).checkpointPassively())
        #expect(checkpoint.logged < 400)
        withExtendedLifetime(writer) {}
    }

    @Test func theWritersOwnCheckpointWaitsForTheCheckpointUnderWay() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-checkpoint")
        let path = directory.file("crm.sqlite")
        let writer = try open(path)
        let handOff = Database.CheckpointHandOff(wakeAt: 100, checkpointAt: 200) {}
        writer.handOffCheckpoints(to: handOff)
        try fill(writer, transactions: 3)
        // Another thread holds the turn, as the checkpointer does while it checkpoints.
        let held = DispatchSemaphore(value: 0)
        let releasing = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        Thread {
            handOff.turn.withLock { _ in
                held.signal()
                usleep(300_000)
                releasing.signal()
            }
            done.signal()
        }.start()
        held.wait()
        let before = fileBytes(path) ?? -1
        // This commit takes the log past 200 pages: the writer's checkpoint waits for the turn.
        try fill(writer, transactions: 1)
        #expect(releasing.wait(timeout: .now()) == .success, "the writer checkpointed while the turn was held")
        #expect((fileBytes(path) ?? -1) > before, "the writer did not checkpoint after the turn was released")
        done.wait()
        withExtendedLifetime(writer) {}
    }

    @Test func aPassiveCheckpointNeitherWaitsForNorDisturbsAnOpenWriteTransaction() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-checkpoint")
        let path = directory.file("crm.sqlite")
        let writer = try open(path)
        writer.handOffCheckpoints(to: .init(wakeAt: 1_000_000, checkpointAt: 1_000_000) {})
        try fill(writer, transactions: 2)
        let checkpointer = try Database(path: path, create: false, busyTimeout: 0)
        try writer.write {
            try writer.run("INSERT INTO blobs(b) VALUES (randomblob(10))")
            let checkpoint = try #require(try checkpointer.checkpointPassively())
            #expect(checkpoint.copied == checkpoint.logged && checkpoint.logged >= 100)
        }
        #expect(try checkpointer.scalar("SELECT count(*) FROM blobs") == 101)
        withExtendedLifetime(writer) {}
    }
}
