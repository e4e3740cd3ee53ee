import CRMCore
import JivoProtocol
import Testing

@Suite("Merge, split and unmerge plans")
struct MergePlanTests {
    let normalizer = ContactNormalizer(defaultCountryCode: "7")

    func lead(
        _ id: Int64, createdAt: Int64 = 0, name: String = "", description: String = "", emails: [String] = [],
        phones: [String] = []
    ) -> Lead {
        var lead = Lead(id: id, createdAt: createdAt)
        lead.name = name
        lead.description = description
        lead.emails = emails.map { ContactValue(value: $0, normalized: normalizer.email($0)!) }
        lead.phones = phones.map { ContactValue(value: $0, normalized: normalizer.phone($0)!) }
        return lead
    }

    @Test("the absorbed lead's contacts join the survivor and its name and description are offered as visitor data")
    func merge() throws {
        let tom = lead(1, name: "Tom", emails: ["tom@example.com"])
        let thomas = lead(2, name: "Thomas", description: "VIP", phones: ["+7 916 555-11-22"])
        let plan = try MergePlan(absorbed: thomas, into: tom)
        #expect(plan.survivor == 1 && plan.absorbed == 2)
        #expect(plan.emails.isEmpty)
        #expect(plan.phones.map(\.normalized) == ["+79165551122"])
        #expect(plan.visitor.name == "Thomas" && plan.visitor.description == "VIP")
        #expect(plan.disputes(with: tom, normalizer: normalizer).map(\.field) == [.name])
    }

    @Test("an empty name or description is not offered, so it disputes nothing")
    func emptyValues() throws {
        let plan = try MergePlan(absorbed: lead(2), into: lead(1, name: "Tom"))
        #expect(plan.visitor.name == nil && plan.visitor.description == nil)
        #expect(plan.disputes(with: lead(1, name: "Tom"), normalizer: normalizer).isEmpty)
    }

    @Test("a lead is not merged into itself")
    func itself() {
        let error = #expect(throws: CRMError.self) { try MergePlan(absorbed: lead(3), into: lead(3)) }
        #expect(error?.kind == .invalidArgument)
    }

    @Test("of two duplicate leads the older stays, then the lower id, whichever was matched")
    func duplicates() {
        #expect(MergePlan.duplicates(lead(5, createdAt: 100), lead(2, createdAt: 200)) == (5, 2))
        #expect(MergePlan.duplicates(lead(2, createdAt: 200), lead(5, createdAt: 100)) == (5, 2))
        #expect(MergePlan.duplicates(lead(7, createdAt: 100), lead(4, createdAt: 100)) == (4, 7))
    }

    @Test("a split holds the incoming value and the event's other data, less the original's own contacts")
    func split() {
        let original = lead(1, name: "Tom", emails: ["tom@example.com"], phones: ["+7 916 000-00-00"])
        let plan = SplitPlan(
            field: .phone, incoming: "+7 916 555-11-22", original: original,
            eventVisitor: Visitor(name: "Ann", email: "TOM@example.com", phone: "+7 916 000-00-00"), callPhone: nil,
            normalizer: normalizer)
        #expect(plan.visitor.phone == "+7 916 555-11-22")
        #expect(plan.visitor.email == nil)
        #expect(plan.name == "Ann")
    }

    @Test("a split without event data is a visitor named Visitor; a call's phone stands in for a missing one")
    func splitWithoutEvent() {
        let bare = SplitPlan(
            field: .email, incoming: "ann@example.com", original: lead(1), eventVisitor: nil,
            callPhone: "+7 916 555-11-22",
            normalizer: normalizer)
        #expect(bare.name == "Visitor")
        #expect(bare.visitor.email == "ann@example.com")
        #expect(bare.visitor.phone == "+7 916 555-11-22")
        let named = SplitPlan(
            field: .name, incoming: "Ann", original: lead(1), eventVisitor: nil, callPhone: nil, normalizer: normalizer)
        #expect(named.name == "Ann")
    }

    func row(_ position: Int64, _ value: String) -> UnmergePlan.Row {
        UnmergePlan.Row(position: position, value: value, normalized: value)
    }

    @Test("unmerge puts the survivor's list back as before the merge, keeping what was added after it")
    func unmergeContacts() {
        let contacts = UnmergePlan.Contacts(
            field: .phone, survivor: 1, before: [row(0, "A")], after: [row(0, "A"), row(1, "B")],
            current: [row(0, "A"), row(1, "B"), row(2, "C")])
        #expect(contacts.rows == [row(0, "A"), row(1, "C")])
        #expect(contacts.kept == ["phone C stays on lead #1 (added after the merge)"])
        #expect(contacts.problems.isEmpty)
    }

    @Test("a value removed after the merge stays removed; one the merge brought and is gone refuses the undo")
    func unmergeRemoved() {
        let removedOwn = UnmergePlan.Contacts(
            field: .email, survivor: 1, before: [row(0, "A")], after: [row(0, "A"), row(1, "B")],
            current: [row(1, "B")])
        #expect(removedOwn.rows.isEmpty)
        #expect(removedOwn.kept == ["email A stays removed from lead #1 (removed after the merge)"])
        let removedMoved = UnmergePlan.Contacts(
            field: .phone, survivor: 1, before: [row(0, "A")], after: [row(0, "A"), row(1, "+7 916 555-11-22")],
            current: [row(0, "A")])
        #expect(removedMoved.problems == ["a phone the merge brought to lead #1 was removed since"])
        let removedEmail = UnmergePlan.Contacts(
            field: .email, survivor: 1, before: [row(0, "a@x")], after: [row(0, "a@x"), row(1, "b@x")],
            current: [row(0, "a@x")])
        #expect(removedEmail.problems == ["an email the merge brought to lead #1 was removed since"])
    }

    @Test("a single value goes back only if it is still what the merge left")
    func unmergeValues() {
        #expect(UnmergePlan.restores(before: "Tom", after: "Tom", current: "Tim") == nil)
        #expect(UnmergePlan.restores(before: "", after: "Thomas", current: "Thomas") == true)
        #expect(UnmergePlan.restores(before: "", after: "Thomas", current: "Tim") == false)
    }

    @Test("an unmerge is refused once undone, when the survivor was merged again, or the lead came out since")
    func unmergeRefusal() {
        #expect(
            UnmergePlan.refusal(
                merge: 9, survivor: 1, absorbed: 2, undone: nil, survivorMergedInto: nil, absorbedMergedInto: 1) == nil)
        #expect(
            UnmergePlan.refusal(
                merge: 9, survivor: 1, absorbed: 2, undone: (0, "bob"), survivorMergedInto: nil, absorbedMergedInto: 1)?
                .message.contains("already undone") == true)
        #expect(
            UnmergePlan.refusal(
                merge: 9, survivor: 1, absorbed: 2, undone: nil, survivorMergedInto: 3, absorbedMergedInto: 1)?.message
                .contains("undo that merge first") == true)
        #expect(
            UnmergePlan.refusal(
                merge: 9, survivor: 1, absorbed: 2, undone: nil, survivorMergedInto: nil, absorbedMergedInto: nil)?
                .kind == .conflict)
    }
}
