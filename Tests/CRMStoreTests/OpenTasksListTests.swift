import CRMCore
import Testing
import TestSupport

@testable import CRMStore

/// The lists of leads with open tasks (the tasks filter, `jivocrm leads --tasks`, and the order
/// by due task): while the open tasks are few their leads are gathered and sorted, not every
/// lead of the list walked and tested for one (1.2–2.5 s at 1,000,000 leads with 50 open tasks,
/// before); while they are many the walk stays, but for the order by due task, which always
/// gathers. Both ways list the same leads in the same order.
@Suite("The lists of leads with open tasks gather the tasks' leads while they are few")
struct OpenTasksListTests {
    /// ``ActivityMergeTests``' 240 leads, with an open task on every sixth lead (a second, due
    /// earlier, on every twelfth; few distinct due times, so ties are broken by id) and a done
    /// one on every seventh.
    private static func populate(_ database: Database) throws {
        try ActivityMergeTests.populate(database)
        let tasks =
            stride(from: 6, through: 240, by: 6).map { ($0, ($0 * 13) % 17, "open") }
            + stride(from: 12, through: 240, by: 12).map { ($0, ($0 * 13) % 17 - 20, "open") }
            + stride(from: 7, through: 240, by: 7).map { ($0, -100, "done") }
        for (lead, due, status) in tasks {
            try database.run(
                "INSERT INTO tasks(lead_id, kind, text, due_at, status, created_at) VALUES (?, 'offline', 'Call', ?, ?, 1)",
                [.integer(Int64(lead)), .integer(Int64(due)), .text(status)])
        }
    }

    /// The filters that need open tasks: alone, over a status tab, over the leads without a
    /// manager, and the order by due task.
    private static let filters = [
        LeadFilter(withOpenTasks: true), LeadFilter(status: .unsorted, withOpenTasks: true),
        LeadFilter(unassigned: true, withOpenTasks: true), LeadFilter(sort: .due),
        LeadFilter(status: .won, withOpenTasks: true, sort: .due),
    ]

    /// `filter`'s list worked out the long way: every live lead with an open task, in its order.
    private static func expected(_ database: Database, _ filter: LeadFilter) throws -> [Int64] {
        let status = filter.status.map { " AND status = '\($0.rawValue)'" } ?? ""
        let order =
            filter.sort == .due
            ? "(SELECT min(due_at) FROM tasks t WHERE t.lead_id = leads.id AND t.status = 'open'), id"
            : "last_activity_at DESC, id DESC"
        return try database.rows(
            "SELECT id FROM leads WHERE merged_into IS NULL AND id % 6 = 0\(status) ORDER BY \(order)"
        ) { $0.int(0) }
    }

    @Test(
        "each list is its live leads with an open task, in its order, page by page, gathered or walked",
        arguments: StoreEngine.allCases)
    func listsInOrder(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let store = harness.store
        try Self.populate(store.database)
        // 60 open tasks: gathered under the default threshold, walked (but for the due order)
        // under 5.
        for threshold in [store.gatheredOpenTasks, 5] {
            store.gatheredOpenTasks = threshold
            for filter in Self.filters {
                let expected = try Self.expected(store.database, filter)
                #expect(expected.count >= (filter.status == nil ? 25 : 3), "\(filter)")
                for size in [1, 6, 100] {
                    #expect(
                        try ActivityMergeTests.paged(store, filter, size: size) == expected,
                        "\(filter), threshold \(threshold), \(size) a page")
                }
                #expect(try store.leadCount(filter) == expected.count, "\(filter)")
            }
        }
    }

    @Test("on SQLite a list gathers the open tasks' leads while they are few, and the due order always does")
    func listsReadTheOpenTasks() throws {
        let harness = try StoreHarness()
        let store = harness.store
        try Self.populate(store.database)
        _ = try store.addManager(login: "anna@example.com", name: "Anna", isDefault: false, actor: "test")
        for filter in Self.filters + [LeadFilter(managerLogin: "anna@example.com", withOpenTasks: true)] {
            #expect(try store.leadList.gathersOpenTasks(filter), "\(filter)")
            let plan = try store.pagePlan(filter)
            #expect(plan.contains("tasks_open"), "\(filter): \(plan)")
            #expect(plan.contains("SEARCH l USING INTEGER PRIMARY KEY (rowid=?)"), "\(filter): \(plan)")
            #expect(!plan.contains("_activity"), "\(filter): \(plan)")
            if filter.sort == .due {
                // Each lead's next due task is found by the lead, not by walking the open tasks.
                #expect(plan.contains("SEARCH t USING INDEX tasks_lead (lead_id=?)"), "\(filter): \(plan)")
            }
        }
        // 60 open tasks are many under a threshold of 60.
        store.gatheredOpenTasks = 60
        #expect(!(try store.leadList.gathersOpenTasks(LeadFilter(withOpenTasks: true))))
        #expect(try store.leadList.gathersOpenTasks(LeadFilter(sort: .due)))
        #expect(!(try store.leadList.gathersOpenTasks(LeadFilter())))
    }
}
