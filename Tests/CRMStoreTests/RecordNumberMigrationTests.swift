import Testing
import TestSupport

@testable import CRMStore

/// Schema version 18: SQLite gives a note, task or conflict a number no other one had
/// (AUTOINCREMENT), where it gave the largest number again once an undo or unmerge removed the
/// one holding it; a store of version 17 keeps its rows and their numbers when opened.
@Suite("Numbers of notes, tasks and conflicts")
struct RecordNumberMigrationTests {
    /// Each table's columns and the query of its rows, by id.
    private static let tables: [String: (columns: Int32, sql: String)] = [
        "notes": (5, "SELECT id, lead_id, at, author, text FROM notes ORDER BY id"),
        "tasks": (
            11,
            "SELECT id, lead_id, kind, text, assignee_id, due_at, status, source_key, created_at, done_at, done_by "
                + "FROM tasks ORDER BY id"
        ),
        "conflicts": (
            14,
            "SELECT id, lead_id, field, current, incoming, incoming_normalized, other_lead_id, event_id, "
                + "status, resolution, created_at, resolved_at, resolved_by, split_into FROM conflicts ORDER BY id"
        ),
    ]

    /// Each table's rows, every column as text.
    private static func rows(_ database: Database) throws -> [String: [[String]]] {
        try tables.mapValues { table in
            try database.rows(table.sql, []) { row in (0..<table.columns).map { row.optionalText($0) ?? "NULL" } }
        }
    }

    @Test("a version 17 store's notes, tasks and conflicts keep their numbers, and a removed largest one is not reused")
    func aVersion17StoreIsMigrated() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("crm.sqlite")
        let old = try Schema.database(at: path, version: 17)
        try old.run(
            "INSERT INTO leads(id, title, created_at, updated_at, last_activity_at) VALUES (4, 'Lead', 1, 1, 1)", [])
        for id: Int64 in [3, 7] {
            try old.run(
                "INSERT INTO notes(id, lead_id, at, author, text) VALUES (?, 4, 10, 'alice', 'called')", [.integer(id)])
            try old.run(
                "INSERT INTO tasks(id, lead_id, kind, text, due_at, source_key, created_at) VALUES (?, 4, 'manual', 'call', 5, ?, 2)",
                [.integer(id), .text("key-\(id)")])
            try old.run(
                "INSERT INTO conflicts(id, lead_id, field, current, incoming, incoming_normalized, created_at) "
                    + "VALUES (?, 4, 'name', 'A', 'B', 'b', 3)", [.integer(id)])
        }
        let before = try Self.rows(old)

        let store = try Store(path: path)
        #expect(try store.database.userVersion == Schema.currentVersion)
        #expect(try Self.rows(store.database) == before)
        #expect(try store.database.rows("PRAGMA integrity_check") { $0.text(0) } == ["ok"])
        #expect(try store.database.rows("PRAGMA foreign_key_check") { $0.text(0) }.isEmpty)
        for table in Self.tables.keys.sorted() {
            try store.database.run("DELETE FROM \(table) WHERE id = 7", [])
        }
        #expect(try store.addNote(4, text: "again", actor: "alice") == 8)
        for index in ["notes_lead", "tasks_open", "tasks_lead", "conflicts_lead", "conflicts_open"] {
            #expect(try store.database.scalar("SELECT count(*) FROM sqlite_master WHERE name = ?", [.text(index)]) == 1)
        }
    }
}
