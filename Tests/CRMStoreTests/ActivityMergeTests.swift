import CRMCore
import Testing
import TestSupport

@testable import CRMStore

/// Schema version 15: SQLite keeps no index of every lead by activity (`leads_activity`, which
/// every event that moved a lead's activity rewrote). The list of all leads newest activity
/// first merges one walk per status over `leads_status_activity` instead, and must page exactly
/// as the one index did: every live lead once, in (activity, id) order, ties included.
@Suite("The All list in activity order, merged from one walk per status")
struct ActivityMergeTests {
    /// 240 leads: statuses of every kind and one this jivocrm does not know (`archived`), few
    /// distinct activity times (so ties are broken by id), every ninth lead merged away.
    static func populate(_ database: Database) throws {
        let statuses = LeadStatus.allCases.map(\.rawValue) + ["archived"]
        for id in 1...240 {
            try database.run(
                """
                INSERT INTO leads(id, title, status, name, created_at, updated_at, last_activity_at, merged_into)
                VALUES (?, ?, ?, ?, 1, 1, ?, ?)
                """,
                [
                    .integer(Int64(id)), .text("JivoChat #\(id)"), .text(statuses[(id * 3) % statuses.count]),
                    .text("Lead \(id)"), .integer(Int64((id * 37) % 11)), id % 9 == 0 ? .integer(1) : .null,
                ])
        }
    }

    /// The live leads' ids newest activity first, highest id first among equals: what a walk of
    /// one index by (activity, id) gives.
    private static func expected(_ database: Database) throws -> [Int64] {
        try database.rows(
            "SELECT id FROM leads WHERE merged_into IS NULL ORDER BY last_activity_at DESC, id DESC"
        ) { $0.int(0) }
    }

    /// Every page of `filter`, `size` leads at a time.
    static func paged(_ store: Store, _ filter: LeadFilter = LeadFilter(), size: Int) throws -> [Int64] {
        var filter = filter
        filter.limit = size
        var ids: [Int64] = []
        while true {
            let page = try store.leads(filter).map(\.lead.id)
            ids += page
            guard page.count == size, let last = page.last else { return ids }
            filter.after = last
        }
    }

    @Test("every live lead once, in activity and id order, on every page size", arguments: StoreEngine.allCases)
    func pagesInActivityOrder(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let database = harness.store.database
        try Self.populate(database)
        let expected = try Self.expected(database)
        #expect(expected.count == 214)
        for size in [1, 7, 100, 500] {
            #expect(try Self.paged(harness.store, size: size) == expected, "page size \(size)")
        }
        // A filter over the merge keeps the order: the leads named with a 7 in them.
        let sevens = try database.rows(
            "SELECT id FROM leads WHERE merged_into IS NULL AND name LIKE '%7%' "
                + "ORDER BY last_activity_at DESC, id DESC"
        ) { $0.int(0) }
        #expect(sevens.count > 10)
        #expect(try Self.paged(harness.store, LeadFilter(search: "7"), size: 4) == sevens)
    }

    @Test("a new store has no index of all leads by activity; each walk reads its status's index in order")
    func walksUseTheStatusIndex() throws {
        let harness = try StoreHarness()
        let database = harness.store.database
        #expect(try database.scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'leads_activity'") == 0)
        let walk = try database.rows(
            "EXPLAIN QUERY PLAN " + LeadListRepository.walk(["l.merged_into IS NULL"])
        ) { $0.text(3) }.joined(separator: "\n")
        #expect(walk.contains("leads_status_activity"), "\(walk)")
        #expect(!walk.contains("TEMP B-TREE"), "\(walk)")
        // The statuses are found by seeking the index, not by reading every lead.
        let statuses = try database.rows("EXPLAIN QUERY PLAN " + LeadListRepository.presentStatuses) {
            $0.text(3)
        }.joined(separator: "\n")
        #expect(statuses.contains("SEARCH leads USING COVERING INDEX leads_status_activity (status>?)"), "\(statuses)")
        #expect(!statuses.contains("SCAN leads"), "\(statuses)")
    }

    @Test("a version 14 store loses the index when opened and lists its leads in the same order")
    func aVersion14StoreIsMigrated() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("crm.sqlite")
        let old = try Schema.database(at: path, version: 14)
        try Self.populate(old)
        #expect(try old.scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'leads_activity'") == 1)
        let expected = try Self.expected(old)

        let store = try Store(path: path)
        #expect(try store.database.userVersion == Schema.currentVersion)
        #expect(try store.database.scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'leads_activity'") == 0)
        #expect(try Self.paged(store, size: 9) == expected)
        #expect(try store.database.rows("PRAGMA integrity_check") { $0.text(0) } == ["ok"])
    }
}
