import CRMCore
import Testing
import TestSupport

@testable import CRMStore

/// The Conflicts tab and the conflicts filter (`!`) over any tab: the open conflicts' leads are
/// gathered and sorted, not every lead of the list walked and tested for one (330 ms at
/// 1,000,000 leads with none open, before).
@Suite("The Conflicts list gathers the open conflicts' leads")
struct ConflictsListTests {
    /// ``ActivityMergeTests``' 240 leads, with open conflicts on every fifth lead (two on some)
    /// and a resolved one on every seventh.
    private static func populate(_ database: Database) throws {
        try ActivityMergeTests.populate(database)
        for id in stride(from: 5, through: 240, by: 5) + [10, 20] + stride(from: 7, through: 240, by: 7) {
            try database.run(
                """
                INSERT INTO conflicts(lead_id, field, current, incoming, incoming_normalized, status, created_at)
                VALUES (?, 'phone', '+1', '+2', '+2', ?, 1)
                """, [.integer(Int64(id)), .text(id % 5 == 0 ? "open" : "resolved")])
        }
    }

    /// The filters with the conflicts filter on: alone (the Conflicts tab), over a status tab,
    /// over the leads without a manager.
    private static let filters = [
        LeadFilter(withOpenConflicts: true), LeadFilter(status: .unsorted, withOpenConflicts: true),
        LeadFilter(status: .won, withOpenConflicts: true), LeadFilter(unassigned: true, withOpenConflicts: true),
    ]

    @Test(
        "each list is its live leads with an open conflict, in activity order, page by page",
        arguments: StoreEngine.allCases)
    func listsInActivityOrder(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let database = harness.store.database
        try Self.populate(database)
        for filter in Self.filters {
            let status = filter.status.map { " AND status = '\($0.rawValue)'" } ?? ""
            let expected = try database.rows(
                "SELECT id FROM leads WHERE merged_into IS NULL AND id % 5 = 0\(status) "
                    + "ORDER BY last_activity_at DESC, id DESC"
            ) { $0.int(0) }
            #expect(expected.count >= (filter.status == nil ? 43 : 5), "\(filter)")
            for size in [1, 6, 100] {
                #expect(try ActivityMergeTests.paged(harness.store, filter, size: size) == expected, "\(filter)")
            }
            #expect(try harness.store.leadCount(filter) == expected.count, "\(filter)")
        }
    }

    @Test("on SQLite each list reads the open conflicts, not a status's or manager's leads")
    func listsReadTheOpenConflicts() throws {
        let harness = try StoreHarness()
        let store = harness.store
        _ = try store.addManager(login: "anna@example.com", name: "Anna", isDefault: false, actor: "test")
        for filter in Self.filters + [LeadFilter(managerLogin: "anna@example.com", withOpenConflicts: true)] {
            let plan = try store.pagePlan(filter)
            #expect(plan.contains("conflicts_open"), "\(filter): \(plan)")
            #expect(plan.contains("SEARCH l USING INTEGER PRIMARY KEY (rowid=?)"), "\(filter): \(plan)")
            #expect(!plan.contains("_activity"), "\(filter): \(plan)")
        }
    }
}
