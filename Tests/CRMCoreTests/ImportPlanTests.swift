import CRMCore
import JivoProtocol
import Testing

/// What importing a person decides, with no database: which lead the record lands on, what
/// it fills, what becomes a conflict, and what the lead keeps.
@Suite struct ImportPlanTests {
    private func contact(_ value: String) -> ContactValue { ContactValue(value: value, normalized: value.lowercased()) }

    @Test("a record lands on the first lead an email matched, else the first any contact matched, else none")
    func target() {
        let phoneFirst = [
            ImportPlan.Match(field: .phone, value: contact("+1"), lead: 7),
            ImportPlan.Match(field: .email, value: contact("a@x.org"), lead: nil),
            ImportPlan.Match(field: .email, value: contact("b@x.org"), lead: 9),
        ]
        #expect(ImportPlan.target(of: phoneFirst) == 9)
        #expect(ImportPlan.target(of: Array(phoneFirst.prefix(2))) == 7)
        #expect(ImportPlan.target(of: [ImportPlan.Match(field: .email, value: contact("a@x.org"), lead: nil)]) == nil)
    }

    @Test("a new lead is titled by the file, else Import and the name, else the first email or phone")
    func newLeadTitle() {
        var record = ImportRecord(location: "line 2")
        #expect(ImportPlan.newLeadTitle(record, emails: [], phones: [contact("+7")]) == "Import - +7")
        #expect(
            ImportPlan.newLeadTitle(record, emails: [contact("a@x.org")], phones: [contact("+7")]) == "Import - a@x.org"
        )
        record.name = "Ann"
        #expect(ImportPlan.newLeadTitle(record, emails: [contact("a@x.org")], phones: []) == "Import - Ann")
        record.title = "Big deal"
        #expect(ImportPlan.newLeadTitle(record, emails: [], phones: []) == "Big deal")
    }

    @Test("a new lead with no title, name or contact is titled by its visitor number, else its place in the file")
    func newLeadTitleWithoutContacts() {
        var record = ImportRecord(location: "lead 4")
        record.clientID = "c-1"
        #expect(ImportPlan.newLeadTitle(record, emails: [], phones: []) == "Import - lead 4")
        record.visitorNumber = "82086"
        #expect(ImportPlan.newLeadTitle(record, emails: [], phones: []) == "Import - Visitor 82086")
    }

    @Test("the history an import leaves out is counted from a JSON export's lead and said in words")
    func historyLeftOut() throws {
        let lead = try JSONParser.parse(
            Array(
                #"{"chats":[{"messages":[{},{}]},{"messages":[]}],"calls":[],"tasks":[{}],"notes":[{},{}],"audit":[{}]}"#
                    .utf8))
        let history = ImportHistory(lead: lead)
        #expect(history.counted == "2 chats (2 messages), 1 task, 2 notes and 1 audit entry")
        #expect((history + history).counted == "4 chats (4 messages), 2 tasks, 4 notes and 2 audit entries")
        #expect(ImportHistory(lead: try JSONParser.parse(Array(#"{"name":"Tom"}"#.utf8))).isEmpty)
        var calls = ImportHistory()
        calls.calls = 1
        #expect(calls.counted == "1 call")
    }

    @Test("contacts are kept once by matching form; an invalid one stops the import naming the place, not the value")
    func uniqueContacts() throws {
        let kept = try ImportPlan.uniqueContacts(
            [" A@x.org", "a@X.org", "b@x.org"], at: "line 3", "email", expected: "an email"
        ) { $0.trimmingWhitespace.lowercased() }
        #expect(kept.map(\.value) == ["A@x.org", "b@x.org"])
        do {
            _ = try ImportPlan.uniqueContacts(["secret-value"], at: "line 4", "email", expected: "an email") { _ in nil
            }
            Issue.record("an invalid contact was accepted")
        } catch {
            #expect(error.message.contains("line 4: one of its emails is not an email"), "\(error.message)")
            #expect(!error.message.contains("secret-value"))
        }
    }

    @Test("a matched lead gets what is empty, a conflict for what differs, and duplicate conflicts for other leads")
    func fillsAndDisputes() {
        var lead = Lead(id: 5, title: "JivoChat #1 - Ann")
        lead.phones = [contact("+100")]
        let matches = [
            ImportPlan.Match(field: .email, value: contact("a@x.org"), lead: 5),
            ImportPlan.Match(field: .email, value: contact("new@x.org"), lead: nil),
            ImportPlan.Match(field: .phone, value: contact("+200"), lead: nil),
            ImportPlan.Match(field: .phone, value: contact("+300"), lead: 8),
        ]
        let plan = ImportPlan(record: ImportRecord(location: "line 2"), matches: matches, lead: lead, managerID: nil)
        #expect(plan.target == 5)
        #expect(plan.duplicates == [8])
        #expect(plan.fills.map(\.value.value) == ["new@x.org"])
        #expect(plan.disputes.map(\.match.value.value) == ["+200"])
        #expect(plan.disputes.map(\.current) == ["+100"])
        #expect(plan.changesLead)
    }

    @Test("status over unsorted, a manager where none, a link where none; otherwise the lead keeps its own")
    func statusManagerLink() {
        var record = ImportRecord(location: "line 2")
        record.status = .won
        record.crmLink = "https://crm.example.com/1"
        record.fields = [LeadField(title: "Plan", content: "Gold"), LeadField(title: "Seats", content: "5")]
        record.utm = [("source", "mail")]
        var lead = Lead(id: 5)
        lead.fields = [LeadField(title: "plan", content: "Silver")]
        let fresh = ImportPlan(record: record, matches: [], lead: lead, managerID: 3)
        #expect(fresh.status == .won)
        #expect(fresh.assignsManager)
        #expect(fresh.link == .fill("https://crm.example.com/1"))
        #expect(fresh.newFields.map(\.field.title) == ["Seats"])
        #expect(fresh.newFields.map(\.position) == [1])
        #expect(fresh.utm?.map(\.value) == ["mail"])
        #expect(fresh.kept == ["Plan"])

        lead.status = .open
        lead.manager = Manager(id: 4, login: "kim", name: "Kim", isDefault: false, isActive: true)
        lead.crmLink = "https://crm.example.com/other"
        lead.utm = [("source", "ads")]
        let settled = ImportPlan(record: record, matches: [], lead: lead, managerID: 3)
        #expect(settled.status == nil && !settled.assignsManager && settled.utm == nil)
        #expect(
            settled.link == .conflict(current: "https://crm.example.com/other", incoming: "https://crm.example.com/1"))
        #expect(settled.kept == ["status", "manager", "Plan"])

        lead.crmLink = "https://crm.example.com/1"
        record.fields = []
        record.status = .open
        let same = ImportPlan(record: record, matches: [], lead: lead, managerID: 4)
        #expect(same.link == nil && same.kept.isEmpty && !same.changesLead)
    }
}
