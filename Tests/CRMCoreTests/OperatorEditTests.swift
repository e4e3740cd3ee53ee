import CRMCore
import Testing

@Suite("Operator edits as plans: contact lists, the contact form, bulk changes")
struct OperatorEditTests {
    let normalizer = ContactNormalizer(defaultCountryCode: "1")

    func value(_ phone: String) -> ContactValue { ContactValue(value: phone, normalized: normalizer.phone(phone)!) }

    @Test("a phone is added, replaced, removed and moved, each saying what for the audit")
    func listChanges() throws {
        let list = [value("+1 408 555-0100"), value("+1 408 555-0101")]
        let added = try ContactListEdit(
            lead: 1, field: .phone, values: list, change: .add(" +1 408 555-0102 "), normalizer: normalizer)
        #expect(added.values.map(\.value).last == "+1 408 555-0102")
        #expect(added.detail == "added as phone 3")
        let replaced = try ContactListEdit(
            lead: 1, field: .phone, values: list, change: .replace(0, "+1 408 555-0109"), normalizer: normalizer)
        #expect(replaced.before == "+1 408 555-0100" && replaced.after == "+1 408 555-0109")
        let removed = try ContactListEdit(
            lead: 1, field: .phone, values: list, change: .remove(1), normalizer: normalizer)
        #expect(removed.values == [list[0]] && removed.detail == "phone 2 removed")
        let moved = try ContactListEdit(
            lead: 1, field: .phone, values: list, change: .move(from: 1, to: 0), normalizer: normalizer)
        #expect(moved.values == [list[1], list[0]])
    }

    @Test("a position off the list, a value on the lead already, an invalid value and a non-list field are refused")
    func listRefusals() {
        let list = [value("+1 408 555-0100")]
        let off = #expect(throws: CRMError.self) {
            try ContactListEdit(lead: 1, field: .phone, values: list, change: .remove(3), normalizer: normalizer)
        }
        #expect(off?.message.contains("positions run from 1 to 1") == true)
        let twice = #expect(throws: CRMError.self) {
            try ContactListEdit(
                lead: 1, field: .phone, values: list, change: .add("(408) 555-0100"), normalizer: normalizer)
        }
        #expect(twice?.kind == .conflict)
        let invalid = #expect(throws: CRMError.self) {
            try ContactListEdit(lead: 1, field: .email, values: [], change: .add("not-secret"), normalizer: normalizer)
        }
        #expect(invalid?.message.contains("not-secret") == false)
        #expect(throws: CRMError.self) {
            try ContactListEdit(lead: 1, field: .name, values: [], change: .add("Tom"), normalizer: normalizer)
        }
    }

    @Test("an edit changes only what differs; an empty phone removes the primary, a new one replaces it")
    func contactEdit() throws {
        var lead = Lead(id: 1)
        lead.name = "Tom"
        lead.phones = [value("+1 408 555-0100")]
        #expect(
            try ContactEditPlan(lead: lead, edit: ContactEdit(name: " Tom "), normalizer: normalizer).changes.isEmpty)
        let plan = try ContactEditPlan(
            lead: lead, edit: ContactEdit(name: "Thomas", phone: "+1 408 555-0101", crmLink: ""),
            normalizer: normalizer)
        #expect(plan.changes.map(\.field) == [.name, .phone])
        #expect(plan.changes.last == .primary(.phone, before: lead.phones[0], after: value("+1 408 555-0101")))
        let removal = try ContactEditPlan(lead: lead, edit: ContactEdit(phone: " "), normalizer: normalizer)
        #expect(removal.changes == [.primary(.phone, before: lead.phones[0], after: nil)])
        #expect(
            try ContactEditPlan(lead: Lead(id: 2), edit: ContactEdit(email: ""), normalizer: normalizer).changes.isEmpty
        )
        #expect(throws: CRMError.self) {
            try ContactEditPlan(lead: lead, edit: ContactEdit(email: "nope"), normalizer: normalizer)
        }
    }

    @Test("a bulk change leaves a lead that has the status or manager already")
    func bulk() {
        var lead = Lead(id: 1)
        lead.status = .won
        lead.manager = Manager(id: 1, login: "kim", name: "Kim", isDefault: false, isActive: true)
        #expect(!BulkChange.status(.won).changes(lead))
        #expect(BulkChange.status(.lost).changes(lead))
        #expect(!BulkChange.assign(login: "kim").changes(lead))
        #expect(BulkChange.assign(login: "ann").changes(lead))
        #expect(BulkChange.completeTasks().changes(lead))
    }
}

@Suite("Custom fields and titles as plans")
struct CustomFieldEditTests {
    let fields = [LeadField(title: "Plan", content: "Gold"), LeadField(title: "Seats", content: "5")]

    @Test("a field is set over the one with its title, whatever the case, else added at the end")
    func setting() {
        let replaced = CustomFieldEdit.setting(LeadField(title: "plan", content: "Silver"), in: fields)
        #expect(replaced.index == 0 && replaced.before == "Gold")
        #expect(replaced.fields.map(\.content) == ["Silver", "5"])
        let added = CustomFieldEdit.setting(LeadField(title: "Region", content: "EU"), in: fields)
        #expect(added.index == nil && added.before == nil)
        #expect(added.fields.map(\.title) == ["Plan", "Seats", "Region"])
    }

    @Test("a field without a title is refused; removing a missing one names those there are")
    func refusals() {
        #expect(throws: CRMError.self) { try CustomFieldEdit.check(LeadField(title: " ", content: "x")) }
        let missing = #expect(throws: CRMError.self) {
            try CustomFieldEdit.removing(title: "Region", from: fields, lead: 4)
        }
        #expect(missing?.message == "lead #4 has no custom field titled 'Region'; it has: Plan, Seats")
        #expect(throws: CRMError.self) { try CustomFieldEdit.moving(from: 0, to: 2, in: fields, lead: 4) }
    }

    @Test("removing and moving keep the order of the rest")
    func removeAndMove() throws {
        let removed = try CustomFieldEdit.removing(title: "PLAN", from: fields, lead: 4)
        #expect(removed.fields.map(\.title) == ["Seats"] && removed.before == "Gold")
        let moved = try CustomFieldEdit.moving(from: 1, to: 0, in: fields, lead: 4)
        #expect(moved.fields.map(\.title) == ["Seats", "Plan"] && moved.field.title == "Seats")
    }
}

@Suite("Manager logins")
struct ManagerLoginTests {
    @Test("a login is one word, trimmed")
    func login() throws {
        #expect(try Manager.login("  kim@example.com ") == "kim@example.com")
        #expect(throws: CRMError.self) { try Manager.login(" ") }
        #expect(throws: CRMError.self) { try Manager.login("Kim Lee") }
    }
}
