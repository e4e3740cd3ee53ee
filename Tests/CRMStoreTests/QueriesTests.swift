import CRMCore
import CRMStore
import Testing

@Suite("Lead queries")
struct QueriesTests {
    @Test("a short search takes % and _ literally")
    func shortSearchWildcardsAreLiteral() throws {
        let harness = try StoreHarness()
        let tom = try #require(try harness.deliver(StoreHarness.accepted(chat: 1, name: "Tom", email: "tom@example.com")).leadID)
        let underscore = try #require(
            try harness.deliver(StoreHarness.accepted(chat: 2, name: "Ann_B", email: "ann_b@example.com", number: "200")).leadID)
        #expect(try harness.store.leads(LeadFilter(search: "_")).map(\.lead.id) == [underscore])
        #expect(try harness.store.leads(LeadFilter(search: "%")).isEmpty)
        #expect(try harness.store.leads(LeadFilter(search: "To")).map(\.lead.id) == [tom])
    }
}
