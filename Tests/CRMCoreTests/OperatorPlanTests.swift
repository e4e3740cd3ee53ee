import CRMCore
import JivoProtocol
import Testing

@Suite("Operator plans: unsplit, recorded resolutions, replayed conflicts, imported visitors")
struct OperatorPlanTests {
    let normalizer = ContactNormalizer(defaultCountryCode: "7")

    func lead(emails: [String] = [], phones: [String] = []) -> Lead {
        var lead = Lead(id: 1, createdAt: 0)
        lead.emails = emails.map { ContactValue(value: $0, normalized: normalizer.email($0)!) }
        lead.phones = phones.map { ContactValue(value: $0, normalized: normalizer.phone($0)!) }
        return lead
    }

    @Test("undoing a split takes the disputed email or phone off the original when it did not hold it")
    func unsplitRemovesTheSplitsValue() {
        let email = UnsplitPlan(
            field: .email, incoming: "Tom@Example.com", original: lead(emails: ["anna@example.com"]),
            normalizer: normalizer)
        #expect(email.removal == UnsplitPlan.Removal(field: .email, normalized: "tom@example.com"))
        let phone = UnsplitPlan(
            field: .phone, incoming: "8 916 555-11-22", original: lead(phones: ["+7 903 111-22-33"]),
            normalizer: normalizer)
        #expect(phone.removal == UnsplitPlan.Removal(field: .phone, normalized: "+79165551122"))
    }

    @Test("undoing a split keeps a value the original held, a name, and a value today's rules reject")
    func unsplitKeeps() {
        let held = lead(emails: ["tom@example.com"], phones: ["+7 916 555-11-22"])
        #expect(
            UnsplitPlan(field: .email, incoming: "TOM@example.com", original: held, normalizer: normalizer).removal
                == nil)
        #expect(
            UnsplitPlan(field: .phone, incoming: "89165551122", original: held, normalizer: normalizer).removal == nil)
        #expect(UnsplitPlan(field: .name, incoming: "Tom", original: lead(), normalizer: normalizer).removal == nil)
        #expect(
            UnsplitPlan(field: .email, incoming: "not an email", original: lead(), normalizer: normalizer).removal
                == nil)
    }

    @Test("settling is recorded as an operation except for a split or a merge")
    func recordedResolutions() {
        #expect(ResolutionPlan.isOperation(field: "name", resolution: .takeIncoming))
        #expect(ResolutionPlan.isOperation(field: "email", resolution: .keepBoth))
        #expect(ResolutionPlan.isOperation(field: "duplicate", resolution: .keepCurrent))
        #expect(!ResolutionPlan.isOperation(field: "email", resolution: .split))
        #expect(!ResolutionPlan.isOperation(field: "duplicate", resolution: .takeIncoming))
        #expect(!ResolutionPlan.isOperation(field: "some future field", resolution: .split))
    }

    @Test("an unknown field or a resolution that does not apply is recorded: it fails inside the operation")
    func refusedResolutionsAreOperations() {
        #expect(ResolutionPlan.isOperation(field: "some future field", resolution: .takeIncoming))
        #expect(ResolutionPlan.isOperation(field: "crm_link", resolution: .keepBoth))
    }

    @Test("a conflict's email or phone is matched in today's form, or refused with what to do instead")
    func matchingForm() throws {
        #expect(
            try ResolutionPlan.matchingForm(of: "Tom@Example.com", .email, normalizer: normalizer) == "tom@example.com")
        #expect(
            try ResolutionPlan.matchingForm(of: "8 916 555-11-22", .phone, normalizer: normalizer) == "+79165551122")
        let error = #expect(throws: CRMError.self) {
            try ResolutionPlan.matchingForm(of: "12", .phone, normalizer: normalizer)
        }
        #expect(error?.kind == .invalidArgument)
        #expect(error?.message.contains("keep the current value or split it off") == true)
        #expect(error?.message.contains("12") == false)
    }

    @Test("a replayed conflict keeps its incoming value, and a duplicate names the other lead's counterpart")
    func counterpartIncoming() throws {
        #expect(
            try ReplayStep.counterpartIncoming(field: "email", normalized: "tom@example.com", leads: [:])
                == "tom@example.com")
        #expect(try ReplayStep.counterpartIncoming(field: "duplicate", normalized: "lead:4", leads: [4: 9]) == "lead:9")
        let error = #expect(throws: CRMError.self) {
            try ReplayStep.counterpartIncoming(field: "duplicate", normalized: "lead:4", leads: [5: 9])
        }
        #expect(error?.message == "the other lead has no counterpart")
    }

    @Test("an imported person fills a matched lead's name and description only where the file gives them")
    func importedVisitor() {
        var record = ImportRecord(location: "line 2")
        #expect(ImportPlan.visitor(of: record).name == nil && ImportPlan.visitor(of: record).description == nil)
        record.name = "Tom"
        record.description = "VIP"
        #expect(ImportPlan.visitor(of: record).name == "Tom" && ImportPlan.visitor(of: record).description == "VIP")
    }
}
