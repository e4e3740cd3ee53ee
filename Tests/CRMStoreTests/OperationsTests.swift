import CRMCore
import CRMStore
import Testing

@Suite("Operator edits")
struct OperationsTests {
    @Test("an invalid email or phone in an edit is refused without repeating the value")
    func invalidContactErrorsCarryNoValue() throws {
        let harness = try StoreHarness()
        let lead = try #require(try harness.deliver(StoreHarness.accepted(chat: 1, email: "tom@example.com")).leadID)
        for edit in [ContactEdit(email: "tom-secret-at-example"), ContactEdit(phone: "call tom-secret")] {
            let error = try #require(throws: CRMError.self) { try harness.store.edit(lead, edit, actor: "alice") }
            #expect(error.kind == .invalidArgument)
            #expect(!error.message.contains("tom-secret"), "the error repeats the value: \(error.message)")
            #expect(error.message.contains("expected"))
        }
    }
}
