import CRMCore
import JivoProtocol
import Testing

@Suite("Contact plans: fill what is empty, dispute what differs")
struct ContactPlanTests {
    let normalizer = ContactNormalizer(defaultCountryCode: "7")

    func lead(name: String = "", emails: [String] = [], phones: [String] = []) -> Lead {
        var lead = Lead(id: 1)
        lead.name = name
        lead.emails = emails.map { ContactValue(value: $0, normalized: normalizer.email($0)!) }
        lead.phones = phones.map { ContactValue(value: $0, normalized: normalizer.phone($0)!) }
        return lead
    }

    @Test("an empty lead takes everything the visitor gives")
    func fillsEmpty() {
        let plan = ContactPlan(
            lead: lead(),
            visitor: Visitor(name: "Tom", email: "t@example.com", phone: "8 916 123 45 67", description: "VIP"),
            normalizer: normalizer)
        #expect(plan.fills.map(\.field) == [.name, .description, .email, .phone])
        #expect(plan.fills.last?.normalized == "+79161234567")
        #expect(plan.disputes.isEmpty)
    }

    @Test("email A and phone B against a lead with email A and phone C disputes the phone only")
    func phoneConflict() {
        let plan = ContactPlan(
            lead: lead(name: "Tom", emails: ["a@example.com"], phones: ["+7 916 000 00 00"]),
            visitor: Visitor(name: "tom", email: "A@Example.com", phone: "8 (916) 123-45-67"), normalizer: normalizer)
        #expect(plan.fills.isEmpty)
        #expect(plan.disputes.count == 1)
        #expect(plan.disputes.first?.field == .phone)
        #expect(plan.disputes.first?.current == "+7 916 000 00 00")
        #expect(plan.disputes.first?.incoming == "8 (916) 123-45-67")
    }

    @Test("a value the lead has as an additional email or phone is no conflict")
    func additionalValues() {
        let plan = ContactPlan(
            lead: lead(
                name: "Tom", emails: ["a@example.com", "b@example.com"], phones: ["+79160000000", "+79161234567"]),
            visitor: Visitor(email: "b@example.com", phone: "89161234567"), normalizer: normalizer)
        #expect(plan.fills.isEmpty)
        #expect(plan.disputes.isEmpty)
    }

    @Test("a different name is disputed; the same name in another case or spacing is not")
    func names() {
        #expect(
            ContactPlan(lead: lead(name: "Tom  Clifton"), visitor: Visitor(name: "tom clifton"), normalizer: normalizer)
                .disputes.isEmpty)
        #expect(
            ContactPlan(lead: lead(name: "Tom"), visitor: Visitor(name: "Иван"), normalizer: normalizer).disputes.map(
                \.field) == [.name])
    }

    @Test("excluded fields (they matched another lead) are neither filled nor disputed")
    func excluded() {
        let plan = ContactPlan(
            lead: lead(emails: ["a@example.com"]), visitor: Visitor(email: "x@example.com", phone: "+79161234567"),
            normalizer: normalizer, excluding: [.email, .phone])
        #expect(plan.fills.isEmpty)
        #expect(plan.disputes.isEmpty)
    }
}

@Suite("Manager rule and replies")
struct ManagerAndReplyTests {
    let managers = [
        Manager(id: 1, login: "anna@example.com", name: "Anna", isDefault: false, isActive: true),
        Manager(id: 2, login: "boss@example.com", name: "Boss", isDefault: true, isActive: true),
        Manager(id: 3, login: "gone@example.com", name: "Gone", isDefault: false, isActive: false),
    ]

    @Test("the agent's login wins, then the default, then none; inactive managers never")
    func managerRule() {
        #expect(ManagerRule.choose(agentEmails: ["ANNA@example.com"], managers: managers).1 == .agentLogin)
        #expect(
            ManagerRule.choose(agentEmails: ["gone@example.com"], managers: managers).0?.login == "boss@example.com")
        #expect(ManagerRule.choose(agentEmails: [], managers: Array(managers.prefix(1))).1 == .none)
    }

    @Test("the reply carries the operator's fields first, the lead's facts after, at most 10, and the link")
    func reply() {
        var lead = Lead(id: 42)
        lead.name = "Tom"
        lead.fields = (1...12).map { LeadField(title: "F\($0)", content: "\($0)") }
        let composer = ReplyComposer(settings: CRMSettings(crmLinkTemplate: "https://crm.example.com/leads/{id}"))
        let reply = composer.reply(for: lead, context: .init(openTasks: 2, created: true))
        #expect(reply.customData.count == 10)
        #expect(reply.customData.first?.title == "F1")
        #expect(reply.crmLink == "https://crm.example.com/leads/42")
        #expect(reply.enableAssign)
        lead.fields = []
        lead.crmLink = "https://other.example.com/x"
        let second = composer.reply(for: lead, context: .init(openTasks: 2, lastChatAt: 1_700_000_000_000))
        #expect(second.customData.map { $0.title ?? "" } == ["Lead", "Open tasks", "Last chat"])
        #expect(second.customData.last?.content == "2023-11-14 22:13 UTC")
        #expect(second.customData.first?.content == "#42 · Unsorted")
        #expect(second.crmLink == "https://other.example.com/x")
        #expect(!second.enableAssign)
    }

    @Test("a status's label is its name capitalised")
    func statusLabels() {
        for status in LeadStatus.allCases {
            #expect(status.label == status.rawValue.prefix(1).uppercased() + status.rawValue.dropFirst())
        }
        #expect(LeadStatus.qualified.label == "Qualified")
    }

    @Test("links made from the template are recognised; others are not")
    func linkRecognition() {
        let settings = CRMSettings(crmLinkTemplate: "https://crm.example.com/leads/{id}")
        #expect(settings.leadID(fromLink: "https://crm.example.com/leads/42") == 42)
        #expect(settings.leadID(fromLink: "https://crm.example.com/leads/42x") == nil)
        #expect(settings.leadID(fromLink: "https://evil.example.com/leads/42") == nil)
        #expect(CRMSettings().leadID(fromLink: "https://crm.example.com/leads/42") == nil)
    }

    @Test(
        "fold lowercases and collapses white space whether it splits by scalars or by Characters",
        arguments: [
            ("  Иван   ПЕТРОВ ", "иван петров"), ("Tom\tClifton\r\n", "tom clifton"),
            ("Мария\u{A0}\u{85}García", "мария garcía"), ("Ωμέγα  ΛΆΜΔΑ", "ωμέγα λάμδα"),
            ("a \u{1}b", "a \u{1}b"), ("", ""), (" \n ", ""),
            ("e\u{301}  x", "e\u{301} x"), ("a \u{301}b", "a b"), ("İstanbul  X", "i\u{307}stanbul x"),
            ("a\u{3000}b\u{2003}c", "a b c"), ("x \u{200D}y", "x y"),
        ])
    func foldMatchesCharacterSplitting(text: String, folded: String) {
        #expect(ContactPlan.fold(text) == folded)
        #expect(
            ContactPlan.fold(text) == text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " "))
    }

    @Test("the table's lowercase of ASCII, Latin-1 and basic Cyrillic is Unicode's full mapping")
    func tableLowercaseIsUnicodes() {
        for value in UInt32(0)..<0x600 {
            guard let scalar = Unicode.Scalar(value), let lower = ContactPlan.lowercase(scalar) else { continue }
            #expect(String(lower) == scalar.properties.lowercaseMapping, "U+\(String(value, radix: 16))")
        }
    }

    @Test("fold gives what lowercasing the whole text and splitting it by Characters gives, scalar by scalar")
    func foldMatchesCharacterSplittingForEachScalar() {
        for value in UInt32(0)..<0x600 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "Ab " + String(scalar) + "  Яz" + String(scalar)
            #expect(
                ContactPlan.fold(text)
                    == text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " "),
                "U+\(String(value, radix: 16))")
        }
    }
}
