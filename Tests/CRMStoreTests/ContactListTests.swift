import CRMCore
import CRMStore
import Testing

@Suite("A lead's emails and phones as lists")
struct ContactListTests {
    @Test(
        "add, replace, move and remove emails and phones; the first is the one replies send",
        arguments: StoreEngine.allCases)
    func editTheLists(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let lead = try #require(try harness.deliver(StoreHarness.accepted(chat: 1, email: "tom@example.com")).leadID)
        try harness.store.changeContacts(lead, .email, .add("Tom@Work.example"), actor: "alice")
        try harness.store.changeContacts(lead, .email, .add("t@home.example"), actor: "alice")
        try harness.store.changeContacts(lead, .email, .move(from: 2, to: 0), actor: "alice")
        #expect(
            try harness.store.lead(lead)?.emails.map(\.value) == [
                "t@home.example", "tom@example.com", "Tom@Work.example",
            ])
        #expect(try harness.store.lead(lead)?.primaryEmail == "t@home.example")
        try harness.store.changeContacts(lead, .email, .replace(1, "thomas@example.com"), actor: "alice")
        try harness.store.changeContacts(lead, .email, .remove(2), actor: "alice")
        #expect(try harness.store.lead(lead)?.emails.map(\.value) == ["t@home.example", "thomas@example.com"])
        try harness.store.changeContacts(lead, .phone, .add("+1 408 555-0100"), actor: "alice")
        #expect(try harness.store.lead(lead)?.phones.map(\.normalized) == ["+14085550100"])
        let trail = try harness.store.auditTrail(lead: lead).filter { $0.actor == "alice" }
        #expect(
            trail.map(\.detail) == [
                "added as email 2", "added as email 3", "email moved from 3 to 1", "email 2 replaced",
                "email 3 removed",
                "added as phone 1",
            ])
    }

    @Test(
        "a value already on the lead, an invalid one and a position past the end are refused",
        arguments: StoreEngine.allCases)
    func refusals(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let lead = try #require(try harness.deliver(StoreHarness.accepted(chat: 1, email: "tom@example.com")).leadID)
        let cases: [(ContactField, ContactChange, CRMError.Kind, String)] = [
            (.email, .add("TOM@example.com"), .conflict, "already has that email (number 1)"),
            (.email, .add("not an email"), .invalidArgument, "not an email address"),
            (.email, .remove(3), .invalidArgument, "positions run from 1 to 1"),
            (.phone, .move(from: 0, to: 1), .invalidArgument, "has no phones"),
            (.name, .add("x"), .invalidArgument, "only emails and phones"),
        ]
        for (field, change, kind, message) in cases {
            let error = try #require(throws: CRMError.self) {
                try harness.store.changeContacts(lead, field, change, actor: "alice")
            }
            #expect(error.kind == kind, "\(change)")
            #expect(error.message.contains(message), "\(error.message)")
        }
        #expect(try harness.store.lead(lead)?.emails.map(\.value) == ["tom@example.com"])
    }

    @Test(
        "the lead a visitor giving a value would be matched to first is named, not the lead itself nor a merged one",
        arguments: StoreEngine.allCases)
    func otherLeadHoldingAValue(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let tom = try #require(
            try harness.deliver(StoreHarness.accepted(chat: 1, email: "tom@example.com", phone: "+1 408 555-0100"))
                .leadID)
        let ann = try #require(
            try harness.deliver(
                StoreHarness.accepted(chat: 2, name: "Ann", email: "ann@example.com", number: "200")
            ).leadID)
        let store = harness.store
        #expect(try store.otherLead(holdingAnyOf: [(.email, "TOM@example.com")], besides: ann)?.lead == tom)
        #expect(
            try store.otherLead(holdingAnyOf: [(.phone, "+1 (408) 555-0100")], besides: ann)?.lead == tom,
            "compared normalized")
        #expect(
            try store.otherLead(holdingAnyOf: [(.email, "tom@example.com")], besides: tom)?.lead == nil,
            "not the lead itself")
        #expect(try store.otherLead(holdingAnyOf: [(.email, "nobody@example.com")], besides: ann)?.lead == nil)
        #expect(try store.otherLead(holdingAnyOf: [(.email, "not an email")], besides: ann)?.lead == nil)
        let first = try store.otherLead(
            holdingAnyOf: [
                (.email, nil), (.email, "nobody@example.com"), (.phone, "+14085550100"), (.email, "tom@example.com"),
            ],
            besides: ann)
        #expect(first?.value == "+14085550100" && first?.lead == tom, "the first value another lead holds")
        let carl = try #require(
            try harness.deliver(
                StoreHarness.accepted(chat: 3, name: "Carl", email: "carl@example.com", number: "300")
            ).leadID)
        try store.changeContacts(carl, .email, .add("tom@example.com"), actor: "alice")
        #expect(
            try store.otherLead(holdingAnyOf: [(.email, "tom@example.com")], besides: carl)?.lead == tom,
            "the lowest numbered")
        #expect(try store.otherLead(holdingAnyOf: [(.email, "tom@example.com")], besides: tom)?.lead == carl)
        try store.merge(carl, into: ann, actor: "alice")
        #expect(
            try store.otherLead(holdingAnyOf: [(.email, "carl@example.com")], besides: ann)?.lead == nil,
            "a merged lead holds no contacts: the survivor has them")
    }

    @Test("undo puts a reordered list back; a webhook's later addition refuses it", arguments: StoreEngine.allCases)
    func undo(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let lead = try #require(try harness.deliver(StoreHarness.accepted(chat: 1, phone: "+1 408 555-0100")).leadID)
        try harness.store.changeContacts(lead, .phone, .add("+1 408 555-0101"), actor: "alice")
        try harness.store.changeContacts(lead, .phone, .move(from: 1, to: 0), actor: "alice")
        #expect(
            try harness.store.undo(actor: "alice").undone
                == "phones of #\(lead) back to +1 408 555-0100, +1 408 555-0101")
        try harness.store.changeContacts(lead, .phone, .remove(1), actor: "alice")
        #expect(
            try harness.store.undo(actor: "alice").undone
                == "phones of #\(lead) back to +1 408 555-0100, +1 408 555-0101")
        try harness.store.changeContacts(lead, .phone, .remove(0), actor: "alice")
        try harness.store.changeContacts(lead, .phone, .remove(0), actor: "alice")
        try harness.deliver(StoreHarness.accepted(chat: 2, phone: "+1 408 555-0199"))
        let error = try #require(throws: CRMError.self) { try harness.store.undo(actor: "alice") }
        #expect(error.message.contains("phones of #\(lead) changed since"), "\(error.message)")
        #expect(!error.message.contains("555-01"), "the refusal repeats a phone: \(error.message)")
    }
}
