import CRMCore
import CRMStore
import Testing

@Suite("Lead queries")
struct QueriesTests {
    @Test("a short search takes % and _ literally")
    func shortSearchWildcardsAreLiteral() throws {
        let harness = try StoreHarness()
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

    @Test("a short search ignores letter case in Cyrillic names as in Latin ones")
    func shortSearchIgnoresCaseInAnyScript() throws {
        let harness = try StoreHarness()
        let anna = try #require(
            try harness.deliver(StoreHarness.accepted(chat: 1, name: "Анна Белова", number: "1")).leadID)
        let tom = try #require(try harness.deliver(StoreHarness.accepted(chat: 2, name: "Tom", number: "2")).leadID)
        for text in ["Ан", "ан", "АН", "нн", "бЕ"] {
            #expect(try harness.store.leads(LeadFilter(search: text)).map(\.lead.id) == [anna], "\(text)")
        }
        #expect(try harness.store.leads(LeadFilter(search: "tO")).map(\.lead.id) == [tom])
    }
}
