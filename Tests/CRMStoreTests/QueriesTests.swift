import CRMCore
import CRMStore
import Testing

@Suite("Lead queries")
struct QueriesTests {
    @Test("a short search takes % and _ literally", arguments: StoreEngine.allCases)
    func shortSearchWildcardsAreLiteral(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let tom = try #require(
            try harness.deliver(StoreHarness.accepted(chat: 1, name: "Tom", email: "tom@example.com")).leadID)
        let underscore = try #require(
            try harness.deliver(
                StoreHarness.accepted(chat: 2, name: "Ann_B", email: "ann_b@example.com", number: "200")
            ).leadID)
        #expect(try harness.store.leads(LeadFilter(search: "_")).map(\.lead.id) == [underscore])
        #expect(try harness.store.leads(LeadFilter(search: "%")).isEmpty)
        #expect(try harness.store.leads(LeadFilter(search: "To")).map(\.lead.id) == [tom])
    }

    @Test("a short search ignores letter case in Cyrillic names as in Latin ones", arguments: StoreEngine.allCases)
    func shortSearchIgnoresCaseInAnyScript(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let anna = try #require(
            try harness.deliver(StoreHarness.accepted(chat: 1, name: "Анна Белова", number: "1")).leadID)
        let tom = try #require(try harness.deliver(StoreHarness.accepted(chat: 2, name: "Tom", number: "2")).leadID)
        for text in ["Ан", "ан", "АН", "нн", "бЕ"] {
            #expect(try harness.store.leads(LeadFilter(search: text)).map(\.lead.id) == [anna], "\(text)")
        }
        #expect(try harness.store.leads(LeadFilter(search: "tO")).map(\.lead.id) == [tom])
    }

    @Test("a phone is found however its digits are typed, with or without separators", arguments: StoreEngine.allCases)
    func phoneSearchFindsTheDigitsHoweverTyped(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let tom = try #require(
            try harness.deliver(StoreHarness.accepted(chat: 1, phone: "+7 916 555-11-22", number: "1")).leadID)
        try harness.deliver(StoreHarness.accepted(chat: 2, name: "Ann", phone: "+7 916 555-11-33", number: "2"))
        for text in ["+7 (916) 555-11-22", "+79165551122", "79165551122", "9165551122", "555-11-22", "5551122"] {
            #expect(try harness.store.leads(LeadFilter(search: text)).map(\.lead.id) == [tom], "\(text)")
            #expect(try harness.store.leadCount(LeadFilter(search: text)) == 1, "\(text)")
        }
        #expect(try harness.store.leads(LeadFilter(search: "+7 916 555")).count == 2)
        #expect(try harness.store.leads(LeadFilter(search: "+79165551144")).isEmpty)
    }

    @Test(
        "a broad search walks the list and finds the same leads, page by page, without counting them",
        arguments: StoreEngine.allCases)
    func broadSearchFindsTheSameLeads(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        var expected: [Int64] = []
        for chat in 1...7 {
            let name = chat % 2 == 0 ? "Maria Lopez \(chat)" : "Ann \(chat)"
            var event = StoreHarness.accepted(chat: chat, name: name, number: String(chat))
            if chat % 3 == 0 {
                event["event_name"] = .string("chat_finished")
                event["chat"] = .object([
                    "messages": .array([
                        .object([
                            "timestamp": .number("1700000000"), "type": .string("visitor"),
                            "message": .string("Is MARIA there?"),
                        ])
                    ])
                ])
            }
            let lead = try #require(try harness.deliver(event).leadID)
            if chat % 2 == 0 || chat % 3 == 0 { expected.insert(lead, at: 0) }
        }
        let gathered = try harness.store.leads(LeadFilter(search: "maria")).map(\.lead.id)
        #expect(gathered == expected)
        #expect(try harness.store.leadCount(LeadFilter(search: "maria")) == expected.count)

        harness.store.broadSearchHits = 2
        #expect(try harness.store.leads(LeadFilter(search: "maria")).map(\.lead.id) == expected)
        #expect(try harness.store.leadCount(LeadFilter(search: "maria")) == nil)
        let first = try harness.store.leads(LeadFilter(search: "maria", limit: 2))
        let last = try #require(first.last?.lead)
        let rest = try harness.store.leads(
            LeadFilter(search: "maria", limit: 10, after: last.id))
        #expect((first + rest).map(\.lead.id) == expected)
        #expect(try harness.store.leadCount(LeadFilter(search: "nobody here")) == 0)
    }

    @Test(
        "a phone is found in every national format matching accepts, by the default country code",
        arguments: StoreEngine.allCases)
    func phoneSearchAcceptsNationalFormats(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let lead = try #require(
            try harness.deliver(StoreHarness.accepted(chat: 1, phone: "+7 903 946-82-00", number: "1")).leadID)
        try harness.deliver(StoreHarness.accepted(chat: 2, name: "Ann", phone: "+7 916 555-11-33", number: "2"))
        for text in ["8 (903) 946-82-00", "89039468200", "+7 903 946 82 00"] {
            #expect(try harness.store.leads(LeadFilter(search: text)).map(\.lead.id) == [lead], "\(text)")
        }
        let american = try StoreHarness(engine: engine, settings: CRMSettings(defaultCountryCode: "1"))
        let client = try #require(
            try american.deliver(StoreHarness.accepted(chat: 1, phone: "+1 646 938-0741", number: "1")).leadID)
        for text in ["(646) 938-0741", "646.938.0741", "001 646 938 0741", "+1 646 938 07 41"] {
            #expect(try american.store.leads(LeadFilter(search: text)).map(\.lead.id) == [client], "\(text)")
        }
    }

    @Test(
        "digits in a query that is not a phone are searched as part of it, not alone", arguments: StoreEngine.allCases)
    func digitsInANameAreNotAPhone(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let maria = try #require(
            try harness.deliver(StoreHarness.accepted(chat: 1, name: "Maria Garcia 555", number: "1")).leadID)
        try harness.deliver(StoreHarness.accepted(chat: 2, name: "Ann", phone: "+7 916 555-11-33", number: "2"))
        #expect(try harness.store.leads(LeadFilter(search: "Maria Garcia 555")).map(\.lead.id) == [maria])
        #expect(try harness.store.leadCount(LeadFilter(search: "Maria Garcia 555")) == 1)
        #expect(try harness.store.leads(LeadFilter(search: "555")).count == 2)
    }

    @Test(
        "the console's counts leave merged-away leads out, and take them back on unmerge",
        arguments: StoreEngine.allCases)
    func consoleCountsLeaveMergedLeadsOut(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let store = harness.store
        var ids: [Int64] = []
        for (chat, name) in ["Tom", "Thomas", "Ann", "Anna"].enumerated() {
            ids.append(
                try #require(
                    try harness.deliver(StoreHarness.accepted(chat: chat, name: name, number: String(chat))).leadID))
        }
        try store.setStatus(ids[2], .open, actor: "alice")
        try store.setStatus(ids[3], .won, actor: "alice")
        let leadsAndUnsorted = { () throws -> [Int] in
            let counts = try store.consoleCounts(now: harness.now)
            return [counts.leads, counts.unsorted]
        }
        #expect(try leadsAndUnsorted() == [4, 2])
        let merge = try store.merge(ids[1], into: ids[0], actor: "alice")
        #expect(try leadsAndUnsorted() == [3, 1])
        _ = try store.merge(ids[3], into: ids[2], actor: "alice")
        #expect(try leadsAndUnsorted() == [2, 1])
        _ = try store.unmerge(merge, actor: "alice")
        #expect(try leadsAndUnsorted() == [3, 2])
    }
}
