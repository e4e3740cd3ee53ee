import Testing
import TestSupport

@testable import CRMStore

/// Schema version 14: the events table checks a row's status with `=` comparisons joined by
/// OR. Its `status IN (…)` of four words made SQLite build a temporary table of the four for
/// every row written, a tenth of what the writer spent on a returning visitor's event. A store
/// of version 13 is given the new check when opened, in place, without copying its events; the
/// check still refuses a status that is none of the four.
@Suite("The events table's status check")
struct EventStatusCheckTests {
    /// The statement that keeps one event received at `received`, its status a parameter.
    private static func insert(received: Int) -> String {
        "INSERT INTO events(received_at, body, body_hash, event_name, status) "
            + "VALUES (\(received), x'7B7D', x'00', 'chat_accepted', ?)"
    }

    /// What SQLite runs to keep one event received at `received`: the opcodes of its program,
    /// compiled afresh for each `received` (a connection keeps a compiled EXPLAIN as it was).
    private static func insertProgram(_ database: Database, received: Int = 1) throws -> [String] {
        try database.rows("EXPLAIN " + insert(received: received)) { $0.text(1) }
    }

    /// Keeps one event with `status` through `database`.
    private static func keep(_ status: String, in database: Database) throws {
        try database.run(insert(received: 1), [.text(status)])
    }

    private static let statuses = ["applied", "duplicate", "quarantined", "failed"]

    @Test("a new store keeps an event without building a temporary table, and refuses an unknown status")
    func aNewStoreChecksWithoutATable() throws {
        let directory = TemporaryDirectory()
        let store = try Store(path: directory.file("crm.sqlite"))
        let program = try Self.insertProgram(store.database)
        #expect(program.contains("Insert"))
        #expect(!program.contains("OpenEphemeral"))
        for status in Self.statuses { try Self.keep(status, in: store.database) }
        #expect(throws: StoreError.self) { try Self.keep("applyed", in: store.database) }
        #expect(try store.database.scalar("SELECT count(*) FROM events") == 4)
    }

    @Test("a version 13 store is given the check in place when opened, and a connection already open sees it")
    func aVersion13StoreIsMigrated() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("crm.sqlite")
        let other = try Schema.database(at: path, version: 13)
        for status in Self.statuses { try Self.keep(status, in: other) }
        #expect(try Self.insertProgram(other).contains("OpenEphemeral"))

        let store = try Store(path: path)
        #expect(try store.database.userVersion == Schema.currentVersion)
        #expect(!(try Self.insertProgram(store.database).contains("OpenEphemeral")))
        // The next statement of a connection open before the migration reads the definitions
        // again, because the migration moved the schema's version.
        #expect(try other.scalar("SELECT count(*) FROM events") == 4)
        #expect(!(try Self.insertProgram(other, received: 2).contains("OpenEphemeral")))
        #expect(throws: StoreError.self) { try Self.keep("", in: store.database) }
        #expect(throws: StoreError.self) { try Self.keep("APPLIED", in: other) }
        #expect(
            try store.database.rows("SELECT status FROM events ORDER BY id") { $0.text(0) } == Self.statuses)
        #expect(try store.database.rows("PRAGMA integrity_check") { $0.text(0) } == ["ok"])
    }
}
