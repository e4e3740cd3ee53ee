import CRMCore
import CRMStore
import Testing

/// The store is the last guard: an edit or field that breaks ``ContactLimits`` changes nothing.
@Suite("Edit limits")
struct EditLimitsTests {
    @Test func anEditWithABadLinkOrALongNameChangesNothingAndSaysEveryProblem() throws {
        let harness = try StoreHarness()
        let id = try #require(try harness.deliver(StoreHarness.accepted(chat: 1, name: "Tom", number: "1")).leadID)
        let before = try #require(try harness.store.lead(id))
        #expect {
            try harness.store.edit(
                id, ContactEdit(name: String(repeating: "a", count: 3_500), crmLink: "javascript:alert(1)"),
                actor: "op")
        } throws: { error in
            let message = (error as? CRMError)?.message ?? ""
            return message.contains("Name is 3500 characters; the limit is 200")
                && message.contains("CRM link must be an http:// or https:// URL (got \"javascript:alert(1)\")")
        }
        #expect(throws: CRMError.self) {
            try harness.store.setField(id, LeadField(title: "Plan", content: "Gold", link: "not a url"), actor: "op")
        }
        #expect(try harness.store.lead(id) == before)
    }
}
