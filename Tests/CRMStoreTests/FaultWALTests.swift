import CRMStore
import Foundation
import Testing
import TestSupport

/// Opening a second connection in the same process must not cancel the first one's POSIX
/// locks (closing any descriptor of a file drops them all); if it did, another process that
/// opens and closes the store would take itself for the last user, checkpoint and delete the
/// WAL, and every later commit of this process would go to an unlinked file: acknowledged and
/// lost.
@Suite("Store faults: WAL ownership across processes")
struct FaultWALTests {
    private static let sqlite3 = "/usr/bin/sqlite3"

    private func otherProcess(_ path: String, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.sqlite3)
        process.arguments = [path, sql]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test(
        "a second connection in this process keeps the WAL alive when another process closes the store",
        .enabled(if: FileManager.default.isExecutableFile(atPath: sqlite3)))
    func secondConnectionKeepsLocks() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("crm.sqlite")
        let writer = try Store(path: path)
        try writer.database.write { try writer.setSetting("first", "1") }
        let second = try Store(path: path)
        #expect(try second.setting("first") == "1")
        #expect(try otherProcess(path, "SELECT value FROM settings WHERE key = 'first'") == "1")
        #expect(
            FileManager.default.fileExists(atPath: path + "-wal"),
            "another process deleted the WAL of a live connection")
        try writer.database.write { try writer.setSetting("second", "2") }
        #expect(
            try otherProcess(path, "SELECT value FROM settings WHERE key = 'second'") == "2",
            "a commit went to an unlinked WAL")
    }
}
