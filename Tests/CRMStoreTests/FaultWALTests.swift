import CRMStore
import Foundation
import Subprocess
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

    private func otherProcess(_ path: String, _ sql: String) -> String {
        ChildProcess.run([Self.sqlite3, path, sql]).output.trimmingCharacters(in: .whitespacesAndNewlines)
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
        #expect(otherProcess(path, "SELECT value FROM settings WHERE key = 'first'") == "1")
        #expect(
            FileManager.default.fileExists(atPath: path + "-wal"),
            "another process deleted the WAL of a live connection")
        try writer.database.write { try writer.setSetting("second", "2") }
        #expect(
            otherProcess(path, "SELECT value FROM settings WHERE key = 'second'") == "2",
            "a commit went to an unlinked WAL")
    }
}
