import Testing
import TestSupport

@testable import CRMStore

/// Schema version 16: SQLite keeps no index of the events by lead (`events_lead`) and no
/// foreign key from an event to its lead. Every returning visitor's event wrote an entry into a
/// random leaf of that index, which only the key's action on a deleted lead read. An event is
/// kept with three index entries and no lookup of its lead; a store of version 15 loses both
/// when opened, in place, with its events as they were; an erasure still leaves no event
/// naming a lead that is gone, which the key's action used to see to.
@Suite("The events table without an index or a key by lead")
struct EventLeadKeyTests {
    /// The statement that keeps one event of lead 1 received at `received`.
    private static func insert(received: Int) -> String {
        "INSERT INTO events(received_at, body, body_hash, event_name, status, lead_id) "
            + "VALUES (\(received), x'7B7D', x'00', 'chat_accepted', 'applied', 1)"
    }

    /// The opcodes SQLite runs to keep one event, compiled afresh for each `received` (a
    /// connection keeps a compiled EXPLAIN as it was).
    private static func insertProgram(_ database: Database, received: Int = 1) throws -> [String] {
        try database.rows("EXPLAIN " + insert(received: received)) { $0.text(1) }
    }

    /// How many index entries the program writes, and whether it looks the event's lead up (the
    /// only table it would open to read: the events table and its indexes are opened to write).
    private static func writes(_ program: [String]) -> (entries: Int, checksLead: Bool) {
        (program.filter { $0 == "IdxInsert" }.count, program.contains("OpenRead"))
    }

    /// The foreign keys of the events table, as `table.column`.
    private static func eventKeys(_ database: Database) throws -> [String] {
        try database.rows("SELECT \"table\", \"from\" FROM pragma_foreign_key_list('events')") {
            $0.text(0) + "." + $0.text(1)
        }
    }

    private static func hasLeadIndex(_ database: Database) throws -> Bool {
        try database.scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'events_lead'") == 1
    }

    @Test("a new store keeps an event with three index entries and no lookup of its lead")
    func aNewStoreHasNeither() throws {
        let directory = TemporaryDirectory()
        let store = try Store(path: directory.file("crm.sqlite"))
        #expect(!(try Self.hasLeadIndex(store.database)))
        #expect(try Self.eventKeys(store.database) == [])
        let (entries, checksLead) = Self.writes(try Self.insertProgram(store.database))
        #expect(entries == 3)
        #expect(!checksLead)
    }

    @Test("a version 15 store loses the index and the key when opened, its events as they were")
    func aVersion15StoreIsMigrated() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("crm.sqlite")
        let old = try Schema.database(at: path, version: 15)
        try old.execute(
            """
            INSERT INTO leads(id, title, created_at, updated_at, last_activity_at) VALUES (1, 'One', 1, 1, 1);
            INSERT INTO events(received_at, body, body_hash, event_name, status, lead_id)
                VALUES (1, x'7B7D', x'01', 'chat_accepted', 'applied', 1),
                       (2, x'7B7D', x'02', 'chat_finished', 'applied', 1),
                       (3, x'00', x'03', '', 'quarantined', NULL);
            """)
        #expect(try Self.hasLeadIndex(old))
        #expect(try Self.eventKeys(old) == ["leads.lead_id"])
        let before = Self.writes(try Self.insertProgram(old))
        #expect(before.entries == 4)
        #expect(before.checksLead)
        let rows =
            "SELECT id, received_at, hex(body), hex(body_hash), event_name, status, lead_id FROM events ORDER BY id"
        let cells = { (row: Statement) in (Int32(0)..<7).map { row.optionalText($0) ?? "NULL" } }
        let events = try old.rows(rows, [], cells)

        let store = try Store(path: path)
        #expect(try store.database.userVersion == Schema.currentVersion)
        #expect(!(try Self.hasLeadIndex(store.database)))
        #expect(try Self.eventKeys(store.database) == [])
        #expect(try store.database.rows(rows, [], cells) == events)
        // A connection open before the migration reads the definitions again at its next
        // statement (EXPLAIN alone does not check them).
        #expect(try old.scalar("SELECT count(*) FROM events") == 3)
        let after = Self.writes(try Self.insertProgram(old, received: 2))
        #expect(after.entries == 3)
        #expect(!after.checksLead)
        #expect(try store.database.rows("PRAGMA integrity_check") { $0.text(0) } == ["ok"])
        // The status check of version 14, edited in the same definition, still holds.
        #expect(throws: StoreError.self) {
            try store.database.run(
                "INSERT INTO events(received_at, body, body_hash, status) VALUES (4, x'00', x'04', 'applyed')")
        }
    }

    @Test("erasing a person leaves no event naming a lead that is gone", arguments: StoreEngine.allCases)
    func erasureLeavesNoOrphan(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let erased = try #require(
            try harness.deliver(StoreHarness.accepted(chat: 1, email: "tom@example.com", number: "501")).leadID)
        var finished = StoreHarness.accepted(chat: 1, email: "tom@example.com", number: "501")
        finished["event_name"] = .string("chat_finished")
        try harness.deliver(finished)
        let kept = try #require(
            try harness.deliver(
                StoreHarness.accepted(chat: 2, name: "Anna", email: "anna@example.com", number: "502")
            ).leadID)
        #expect(erased != kept)
        let database = harness.store.database
        #expect(try database.scalar("SELECT count(*) FROM events WHERE lead_id = ?", [.integer(erased)]) == 2)

        _ = try harness.store.erase(erased, actor: "alice")
        #expect(try harness.store.lead(erased) == nil)
        #expect(
            try database.scalar(
                "SELECT count(*) FROM events WHERE lead_id IS NOT NULL AND lead_id NOT IN (SELECT id FROM leads)") == 0)
        #expect(try database.scalar("SELECT count(*) FROM events WHERE lead_id = ?", [.integer(kept)]) == 1)
    }
}
