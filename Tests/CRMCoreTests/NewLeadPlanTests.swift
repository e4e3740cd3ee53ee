import CRMCore
import JivoProtocol
import Testing

@Suite("New-lead plans: the lead a new visitor's event creates and its audit trail")
struct NewLeadPlanTests {
    let normalizer = ContactNormalizer(defaultCountryCode: "7")
    let manager = Manager(id: 3, login: "anna@example.com", name: "Anna", isDefault: true, isActive: true)

    func base(_ visitor: Visitor) -> Lead {
        Lead(id: 0, title: Lead.title(creatingFrom: .chatAccepted, chatID: "18", visitor: visitor), createdAt: 100)
    }

    func plan(
        _ visitor: Visitor, signedBy: ContactField? = nil, manager: Manager? = nil, rule: ManagerRule = .none,
        policy: AssignmentPolicy = .agentThenDefault
    ) -> NewLeadPlan {
        NewLeadPlan(
            base: base(visitor), visitor: visitor, normalizer: normalizer, signedBy: signedBy, manager: manager,
            rule: rule, policy: policy, eventID: 5, eventName: "chat_accepted", now: { 200 })
    }

    @Test("applying a contact plan fills the empty lead in memory, the automatic title following the name")
    func applied() {
        var lead = Lead(id: 1, title: "JivoChat #18 - Visitor 7")
        lead.emails = [ContactValue(value: "old@example.com", normalized: "old@example.com")]
        let visitor = Visitor(name: "Tom", email: "t@example.com", phone: "8 916 123 45 67", description: "VIP")
        let filled = ContactPlan(lead: lead, visitor: visitor, normalizer: normalizer).applied(to: lead)
        #expect(filled.title == "JivoChat #18 - Tom")
        #expect(filled.name == "Tom")
        #expect(filled.description == "VIP")
        #expect(filled.emails == lead.emails)
        #expect(filled.phones == [ContactValue(value: "8 916 123 45 67", normalized: "+79161234567")])
    }

    @Test("an operator's title stays when the name is filled; an empty plan changes nothing")
    func appliedKeepsTitle() {
        let lead = Lead(id: 1, title: "Call back on Monday")
        let named = ContactPlan(lead: lead, visitor: Visitor(name: "Tom"), normalizer: normalizer).applied(to: lead)
        #expect(named.title == "Call back on Monday")
        #expect(named.name == "Tom")
        #expect(ContactPlan(lead: lead, visitor: Visitor(), normalizer: normalizer).applied(to: lead) == lead)
    }

    @Test("a visitor with data and a manager: one version bump each, the update time asked, the trail in order")
    func filledAndAssigned() {
        let visitor = Visitor(name: "Tom", email: "t@example.com", number: "7")
        let plan = plan(visitor, signedBy: .email, manager: manager, rule: .defaultManager)
        #expect(plan.lead.version == 3)
        #expect(plan.lead.updatedAt == 200)
        #expect(plan.lead.createdAt == 100)
        #expect(plan.lead.manager == manager)
        #expect(plan.lead.name == "Tom")
        #expect(plan.lead.title == "JivoChat #18 - Tom")
        #expect(plan.lead.emails == [ContactValue(value: "t@example.com", normalized: "t@example.com")])
        #expect(
            plan.audit == [
                WebhookAudit(action: "created", detail: "from event #5 (chat_accepted)"),
                WebhookAudit(action: "match", detail: "signed user_token (email) from event #5"),
                WebhookAudit(action: "fill", field: "name", after: "Tom", detail: "from event #5"),
                WebhookAudit(action: "fill", field: "email", after: "t@example.com", detail: "from event #5"),
                WebhookAudit(
                    action: "assign", field: "manager", after: "anna@example.com", detail: "rule: default"),
            ])
    }

    @Test("a name filled over a fallback title audits the title before the name")
    func titleFollows() {
        let visitor = Visitor(name: "Tom", number: "7")
        let plan = plan(Visitor(number: "7"))
        #expect(plan.lead.title == "JivoChat #18 - Visitor 7")
        let named = NewLeadPlan(
            base: base(Visitor(number: "7")), visitor: visitor, normalizer: normalizer, signedBy: nil, manager: nil,
            rule: .none, policy: .agentThenDefault, eventID: 5, eventName: "chat_accepted", now: { 200 })
        #expect(named.lead.title == "JivoChat #18 - Tom")
        #expect(named.lead.version == 2)
        #expect(
            Array(named.audit.dropFirst().prefix(2)) == [
                WebhookAudit(
                    action: "title", field: "title", before: "JivoChat #18 - Visitor 7", after: "JivoChat #18 - Tom",
                    detail: "follows the name"),
                WebhookAudit(action: "fill", field: "name", after: "Tom", detail: "from event #5"),
            ])
    }

    @Test("nothing to fill and no manager: version 1, the update time never asked, the reason audited")
    func unchanged() {
        let plan = NewLeadPlan(
            base: base(Visitor(number: "7")), visitor: Visitor(number: "7"), normalizer: normalizer, signedBy: nil,
            manager: nil, rule: .none, policy: .agentThenRoundRobin, eventID: 5, eventName: "chat_accepted",
            now: {
                Issue.record("the update time is asked only when something changed"); return 0
            })
        #expect(plan.lead.version == 1)
        #expect(plan.lead.updatedAt == 100)
        #expect(plan.contacts.fills.isEmpty)
        #expect(
            plan.audit == [
                WebhookAudit(action: "created", detail: "from event #5 (chat_accepted)"),
                WebhookAudit(
                    action: "assign", field: "manager",
                    detail: "rule: none (no responsible agent's or agent's login matched and there is no "
                        + "active manager)"),
            ])
    }

    @Test("a manager alone bumps the version once; no manager on a lead that existed audits nothing")
    func managerOnly() {
        let plan = plan(Visitor(number: "7"), manager: manager, rule: .agentLogin)
        #expect(plan.lead.version == 2)
        #expect(plan.lead.updatedAt == 200)
        #expect(WebhookAudit.assignment(nil, rule: .none, policy: .agentThenDefault, created: false) == nil)
        #expect(
            WebhookAudit.assignment(nil, rule: .none, policy: .agentThenDefault, created: true)?.detail
                == "rule: none (no responsible agent's or agent's login matched and there is no default manager)")
    }
}
