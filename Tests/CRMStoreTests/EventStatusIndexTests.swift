import CRMCore
import Testing
import TestSupport

@testable import CRMStore

/// Schema version 17: SQLite's index of the events by status holds only the events not applied
/// (`events_unapplied`, partial), where `events_status` held every event, though nothing read
/// the applied ones by it: an applied event (nearly every one) is kept with no entry in it. The
/// lists and counts of the other statuses read them by that index; a store of version 16 gets
/// it when opened, its events as they were.
@Suite("The index of the events not applied")
struct EventStatusIndexTests {
    private static let statuses = ["applied", "duplicate", "quarantined", "failed"]

    /// The ids of the events of `status`, newest first, read without any index (a status
    /// compared as an expression is not looked up in one).
    private static func expected(_ database: Database, _ status: String) throws -> [Int64] {
        try database.rows("SELECT id FROM events WHERE status || '' = ? ORDER BY id DESC", [.text(status)]) {
            $0.int(0)
        }
    }

    /// The entries SQLite's index `name` holds, counted in its leaves (`dbstat`).
    private static func entries(_ database: Database, _ name: String) throws -> Int64? {
        try database.scalar("SELECT sum(ncell) FROM dbstat WHERE name = ? AND pagetype = 'leaf'", [.text(name)])
    }

    /// Whether the store has an index called `name`, and whether it is partial.
    private static func index(_ database: Database, _ name: String) throws -> (exists: Bool, partial: Bool) {
        let partial = try database.first(
            "SELECT partial FROM pragma_index_list('events') WHERE name = ?", [.text(name)]
        ) {
            $0.int(0) == 1
        }
        return (partial != nil, partial == true)
    }

    /// SQLite's plan for `statement` with `values`, its steps joined.
    private static func plan(_ database: Database, _ statement: String, _ values: [SQLValue]) throws -> String {
        try database.rows("EXPLAIN QUERY PLAN " + statement, values) { $0.text(3) }.joined(separator: "\n")
    }

    /// Keeps events of every status through ingest: five chats applied, one delivered again
    /// (a duplicate), two bodies that are not JSON (quarantined); then marks the second chat
    /// failed, as a lasting failure leaves it.
    private static func deliverEveryStatus(_ harness: StoreHarness) throws {
        for chat in 1...5 {
            try harness.deliver(
                StoreHarness.accepted(chat: chat, email: "visitor\(chat)@example.com", number: "\(600 + chat)"))
        }
        try harness.deliver(StoreHarness.accepted(chat: 3, email: "visitor3@example.com", number: "603"))
        try harness.deliver(bytes: Array("not json".utf8))
        try harness.deliver(bytes: Array("{\"event_name\":".utf8))
        try harness.store.database.run("UPDATE events SET status = 'failed', error = 'broken' WHERE id = 2")
    }

    @Test("each status lists and counts its events, as read without an index", arguments: StoreEngine.allCases)
    func listsAndCounts(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        try Self.deliverEveryStatus(harness)
        let database = harness.store.database
        for status in Self.statuses {
            let expected = try Self.expected(database, status)
            #expect(!expected.isEmpty, "\(status)")
            #expect(try harness.store.events(status: status, limit: 100).map(\.id) == expected, "\(status)")
            #expect(try harness.store.events(status: status, limit: 1).map(\.id) == Array(expected.prefix(1)))
        }
        #expect(try harness.store.events(limit: 100).count == 8)
        let health = try harness.store.listenerHealth(now: harness.now)
        #expect(health.quarantined == 2)
        #expect(health.failed == 1)
        // The console's events screen: the troubled first (quarantined, then failed), then the rest.
        #expect(try harness.store.inbox(limit: 100).prefix(3).map(\.id) == [8, 7, 2])
        if engine == .postgres {
            let definition = try database.first(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'events_unapplied'", [], { $0.text(0) })
            #expect(
                definition?.hasSuffix("(status, id) WHERE (status <> 'applied'::text)") == true, "\(definition ?? "")")
            #expect(try database.scalar("SELECT count(*) FROM pg_indexes WHERE indexname = 'events_status'") == 0)
        }
    }

    @Test("a new store indexes only the events not applied, and reads those by that index")
    func aNewStoreIndexesTheUnapplied() throws {
        let harness = try StoreHarness(engine: .sqlite)
        try Self.deliverEveryStatus(harness)
        let database = harness.store.database
        #expect(try Self.index(database, "events_unapplied") == (true, true))
        #expect(try Self.index(database, "events_status").exists == false)
        #expect(try database.scalar("SELECT count(*) FROM events") == 8)
        #expect(try Self.entries(database, "events_unapplied") == 4)

        for status in Self.statuses where status != "applied" {
            let plan = try Self.plan(
                database, EventListRepository.statement(status: status), [.text(status), .integer(10)])
            #expect(plan.contains("USING INDEX events_unapplied (status=?)"), "\(status): \(plan)")
            #expect(!plan.contains("TEMP B-TREE"), "\(status): \(plan)")
        }
        let applied = try Self.plan(
            database, EventListRepository.statement(status: "applied"), [.text("applied"), .integer(10)])
        #expect(applied.contains("SCAN events"), "\(applied)")
        #expect(!applied.contains("TEMP B-TREE"), "\(applied)")
        let figures = try Self.plan(database, CountsRepository.inboxFigures, [.integer(0), .integer(10)])
        #expect(
            figures.components(separatedBy: "USING COVERING INDEX events_unapplied (status=?)").count == 3,
            "\(figures)")
    }

    @Test("a version 16 store gets the index when opened, its events, lists and counts as they were")
    func aVersion16StoreIsMigrated() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("crm.sqlite")
        let old = try Schema.database(at: path, version: 16)
        for (index, status) in (Self.statuses + Self.statuses + ["applied"]).enumerated() {
            try old.run(
                "INSERT INTO events(received_at, body, body_hash, event_name, status) VALUES (?, x'7B7D', ?, '', ?)",
                [.integer(Int64(index)), .blob([UInt8(index)]), .text(status)])
        }
        #expect(try Self.index(old, "events_status") == (true, false))
        #expect(try Self.entries(old, "events_status") == 9)
        let rows = "SELECT id, received_at, hex(body), hex(body_hash), status FROM events ORDER BY id"
        let cells = { (row: Statement) in (Int32(0)..<5).map { row.optionalText($0) ?? "NULL" } }
        let events = try old.rows(rows, [], cells)

        let store = try Store(path: path)
        #expect(try store.database.userVersion == Schema.currentVersion)
        #expect(try Self.index(store.database, "events_status").exists == false)
        #expect(try Self.index(store.database, "events_unapplied") == (true, true))
        #expect(try Self.entries(store.database, "events_unapplied") == 6)
        #expect(try store.database.rows(rows, [], cells) == events)
        #expect(try store.database.rows("PRAGMA integrity_check") { $0.text(0) } == ["ok"])
        for status in Self.statuses {
            #expect(try store.events(status: status).map(\.id) == Self.expected(store.database, status))
        }
        let health = try store.listenerHealth(now: 0)
        #expect((health.quarantined, health.failed) == (2, 2))
    }
}
