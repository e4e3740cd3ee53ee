import CRMCore
import JivoProtocol
import Testing

@testable import CRMStore

@Suite("Lead list orders and filters")
struct LeadSortTests {
    /// Five leads: created in the order Carol, alice, Bob, (a nameless visitor), Dave; Bob
    /// assigned; offline-message tasks on Dave (due first) and Carol; a conflict on alice.
    private static func store() throws -> (StoreHarness, [String: Int64]) {
        let harness = try StoreHarness()
        _ = try harness.store.addManager(login: "bob@example.com", name: "Bob", isDefault: false, actor: "test")
        var ids: [String: Int64] = [:]
        for (chat, name) in [(1, "Carol"), (2, "alice"), (3, "Bob"), (4, ""), (5, "Dave")] {
            let event = StoreHarness.accepted(
                chat: chat, name: name.isEmpty ? nil : name, email: "v\(chat)@example.com", number: "n\(chat)")
            let id = try #require(try harness.deliver(event).leadID)
            ids[name] = id
        }
        try harness.store.assign(try #require(ids["Bob"]), login: "bob@example.com", actor: "test")
        for (number, name) in [(10, "Dave"), (11, "Carol")] {
            let offline: JSONObject = [
                "event_name": .string("offline_message"), "widget_id": .string("w1"),
                "offline_message_id": .number(String(number)), "message": .string("call me"),
                "visitor": .object([
                    "name": .string(name), "email": .string("v\(name == "Dave" ? 5 : 1)@example.com"),
                ]),
            ]
            try harness.deliver(offline)
        }
        try harness.deliver(
            StoreHarness.accepted(
                chat: 6, name: "alice", email: "v2@example.com", phone: "+1 408 555 0100", number: "n2"))
        try harness.deliver(
            StoreHarness.accepted(
                chat: 7, name: "alice", email: "v2@example.com", phone: "+1 408 555 0199", number: "n2"))
        return (harness, ids)
    }

    /// Every page of `filter`, `size` leads at a time, as names.
    private static func names(_ store: Store, _ filter: LeadFilter, pageSize size: Int = 2) throws -> [String] {
        var filter = filter
        filter.limit = size
        var names: [String] = []
        while true {
            let page = try store.leads(filter)
            names += page.map { $0.lead.name }
            guard page.count == size, let last = page.last else { return names }
            filter.after = last.lead.id
        }
    }

    @Test("each order pages through every lead once, in order")
    func ordersPageByKeyset() throws {
        let (harness, _) = try Self.store()
        let store = harness.store
        #expect(try Self.names(store, LeadFilter(sort: .created)) == ["Dave", "", "Bob", "alice", "Carol"])
        #expect(
            try Self.names(store, LeadFilter(sort: .name)).filter { !$0.isEmpty } == ["alice", "Bob", "Carol", "Dave"])
        #expect(try Self.names(store, LeadFilter(sort: .name)).count == 5)
        #expect(try Self.names(store, LeadFilter(sort: .due)) == ["Dave", "Carol"])
        let byActivity = try Self.names(store, LeadFilter(sort: .activity), pageSize: 1)
        #expect(byActivity.count == 5 && Set(byActivity).count == 5)
        #expect(byActivity.first == "alice")
    }

    @Test("the filters combine")
    func filtersCombine() throws {
        let (harness, _) = try Self.store()
        let store = harness.store
        #expect(try Self.names(store, LeadFilter(unassigned: true, sort: .name)).count == 4)
        #expect(try Self.names(store, LeadFilter(unassigned: true, sort: .name)).contains("Bob") == false)
        #expect(try Self.names(store, LeadFilter(withOpenTasks: true, sort: .name)) == ["Carol", "Dave"])
        #expect(try Self.names(store, LeadFilter(withOpenConflicts: true)) == ["alice"])
        #expect(try Self.names(store, LeadFilter(unassigned: true, withOpenConflicts: true)) == ["alice"])
        #expect(try Self.names(store, LeadFilter(managerLogin: "bob@example.com", withOpenTasks: true)).isEmpty)
        #expect(try store.leadCount(LeadFilter(unassigned: true, withOpenTasks: true)) == 2)
    }

    @Test("#42 and :42 find lead 42 alone")
    func leadNumberSearch() throws {
        let (harness, ids) = try Self.store()
        let bob = try #require(ids["Bob"])
        #expect(try harness.store.leads(LeadFilter(search: "#\(bob)")).map(\.lead.id) == [bob])
        #expect(try harness.store.leads(LeadFilter(search: ":\(bob)")).map(\.lead.id) == [bob])
        #expect(try harness.store.leads(LeadFilter(search: "#999")).isEmpty)
    }

    @Test("the name and created orders walk an index, not a sort of every lead")
    func ordersUseIndexes() throws {
        let (harness, _) = try Self.store()
        for (sort, index) in [(LeadSort.name, "leads_name"), (.created, "leads_created")] {
            let plan = try harness.store.database.rows(
                "EXPLAIN QUERY PLAN "
                    + LeadListRepository.pageStatement(["l.merged_into IS NULL"], sort: sort, postgres: false),
                [.integer(10)]
            ) { $0.text(3) }.joined(separator: "\n")
            #expect(plan.contains(index), "\(sort): \(plan)")
            #expect(!plan.contains("TEMP B-TREE"), "\(sort): \(plan)")
        }
    }
}

@Suite("Round-robin assignment")
struct RoundRobinTests {
    @Test(
        "new leads no agent matches go to the active managers in turn, audited with the rule",
        arguments: StoreEngine.allCases)
    func newLeadsGoInTurn(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine, settings: CRMSettings(assignment: .agentThenRoundRobin))
        for login in ["anna@example.com", "bob@example.com", "carol@example.com"] {
            _ = try harness.store.addManager(login: login, name: login, isDefault: login.hasPrefix("c"), actor: "t")
        }
        try harness.store.deactivateManager(login: "bob@example.com", actor: "t")
        var owners: [String?] = []
        for chat in 1...4 {
            let lead = try #require(
                try harness.deliver(
                    StoreHarness.accepted(chat: chat, email: "v\(chat)@example.com", number: "n\(chat)")
                )
                .leadID)
            owners.append(try harness.store.lead(lead)?.manager?.login)
            #expect(try harness.store.auditTrail(lead: lead).contains { $0.detail == "rule: round-robin" })
        }
        #expect(owners == ["anna@example.com", "carol@example.com", "anna@example.com", "carol@example.com"])
        let matched = try #require(
            try harness.deliver(
                StoreHarness.accepted(chat: 9, email: "v9@example.com", number: "n9", agentEmail: "carol@example.com")
            ).leadID)
        #expect(try harness.store.lead(matched)?.manager?.login == "carol@example.com")
    }
}
