import CRMCore
import Testing

/// The five contact fields an operator edits are defined once; the edit, its problems, the
/// form's rows, the merge rows and the CLI flags follow ``ContactField/editable``.
@Suite struct ContactFieldEditingTests {
    @Test func theEditableFieldsAreTheFiveRepliesCarryInTheFormsOrder() {
        #expect(ContactField.editable == [.name, .phone, .email, .description, .crmLink])
        #expect(ContactField.editable.map(\.flag) == ["--name", "--phone", "--email", "--description", "--crm-link"])
        #expect(ContactField.editable.map(\.label) == ["Name", "Phone", "Email", "Description", "CRM link"])
    }

    @Test func aFieldReadsTheLeadsPrimaryValueAndEmptyWhenUnset() {
        var lead = Lead(id: 7)
        #expect(ContactField.editable.map { $0.value(of: lead) } == ["", "", "", "", ""])
        lead.name = "Maria"
        lead.phones = [ContactValue(value: "+7 916", normalized: "+7916"), ContactValue(value: "2", normalized: "2")]
        lead.emails = [ContactValue(value: "m@example.com", normalized: "m@example.com")]
        lead.description = "VIP"
        lead.crmLink = "https://crm.example.com/7"
        #expect(
            ContactField.editable.map { $0.value(of: lead) }
                == ["Maria", "+7 916", "m@example.com", "VIP", "https://crm.example.com/7"])
    }

    @Test func anEditIsSetAndReadByField() {
        var edit = ContactEdit([(.phone, ""), (.crmLink, "https://x.example")])
        #expect(edit == ContactEdit(phone: "", crmLink: "https://x.example"))
        edit[.name] = "Ann"
        edit[.duplicate] = "ignored"
        #expect(edit == ContactEdit(name: "Ann", phone: "", crmLink: "https://x.example"))
        #expect(ContactField.editable.map { edit[$0] } == ["Ann", "", nil, nil, "https://x.example"])
        #expect(ContactEdit([]).isEmpty)
    }

    @Test func anEditsProblemsComeInTheFormsOrderFromEachFieldsRule() {
        let normalizer = ContactNormalizer()
        let edit = ContactEdit(email: "not an email", crmLink: "ftp://x")
        #expect(
            edit.problems(normalizer: normalizer)
                == [
                    ContactField.email.problem("not an email", normalizer: normalizer),
                    ContactLimits.linkProblem("ftp://x", "CRM link"),
                ].compactMap { $0 })
        #expect(edit.problems(normalizer: normalizer).count == 2)
        #expect(ContactEdit(name: "Ann").problems(normalizer: normalizer).isEmpty)
    }
}
