import CRMCore
import JivoProtocol
import Testing

@Suite("Lead titles: made from the event, following the name learned later")
struct LeadTitleTests {
    @Test("a chat's lead is titled with its chat and the visitor's name, else number, phone or email")
    func creating() {
        #expect(
            Lead.title(creatingFrom: .chatAccepted, chatID: "18", visitor: Visitor(name: "Tom Clifton"))
                == "JivoChat #18 - Tom Clifton")
        #expect(
            Lead.title(creatingFrom: .chatAccepted, chatID: "18", visitor: Visitor(number: "7"))
                == "JivoChat #18 - Visitor 7")
        #expect(
            Lead.title(creatingFrom: .chatUpdated, chatID: nil, visitor: Visitor(email: "t@example.com"))
                == "JivoChat - t@example.com")
        #expect(Lead.title(creatingFrom: nil, chatID: nil, visitor: Visitor()) == "JivoChat - Visitor")
        #expect(
            Lead.title(creatingFrom: .offlineMessage, chatID: "1", visitor: Visitor(phone: "+7 916"))
                == "JivoChat offline message - +7 916")
        #expect(
            Lead.title(creatingFrom: .callEvent, chatID: "1", visitor: Visitor(name: "Ann")) == "JivoChat call - Ann")
    }

    @Test("an automatic title follows the first name; any other title stays")
    func following() {
        var lead = Lead(id: 1, title: "JivoChat #18 - Visitor 7")
        #expect(lead.title(followingName: "Tom Clifton") == "JivoChat #18 - Tom Clifton")
        #expect(lead.title(followingName: "") == nil)
        lead.title = "JivoChat #18 - Tom Clifton"
        #expect(lead.title(followingName: "Tom Clifton") == nil)
        lead.title = "Big deal"
        #expect(lead.title(followingName: "Tom") == nil)
        lead.title = "JivoChat #18 - Visitor 7"
        lead.name = "Ann"
        #expect(lead.title(followingName: "Tom") == nil)
    }
}

@Suite("Lead keys: what an event remembers for matching and fills on its lead")
struct LeadKeysPlanTests {
    func event() -> WebhookEvent {
        var event = WebhookEvent(name: "chat_accepted")
        event.widgetID = "w1"
        event.userToken = "tok"
        event.clientID = "c1"
        event.session = Session(geoip: GeoIP(city: "Moscow", country: "Russia"))
        return event
    }

    @Test("a new lead's keys are all remembered, its empty columns filled, its place set")
    func fresh() {
        let plan = LeadKeysPlan(event: event(), visitor: Visitor(number: "100"), lead: nil, known: [])
        #expect(plan.entries.map(\.kind) == [.userToken, .visitor, .client])
        #expect(plan.entries.map(\.scope) == ["", "w1", ""])
        #expect(plan.entries.allSatisfy { $0.remember && $0.fill })
        #expect(plan.place?.city == "Moscow")
        #expect(plan.place?.country == "Russia")
    }

    @Test("keys found stored are not stored again, and columns the lead holds are not written")
    func known() {
        var lead = Lead(id: 1)
        lead.userToken = "old"
        lead.city = "Tver"
        lead.country = "Russia"
        let plan = LeadKeysPlan(event: event(), visitor: Visitor(), lead: lead, known: [.userToken])
        #expect(plan.entries.map(\.kind) == [.userToken, .client])
        #expect(plan.entries.map(\.remember) == [false, true])
        #expect(plan.entries.map(\.fill) == [false, true])
        #expect(plan.place == nil)
    }
}

@Suite("chat_assigned's link on a lead: fill, dispute or keep")
struct CRMLinkPlanTests {
    @Test("an empty crm_link is filled, an equal one kept, a different one disputed")
    func plans() {
        #expect(CRMLinkPlan(current: nil, incoming: "https://crm/1") == .fill("https://crm/1"))
        #expect(CRMLinkPlan(current: "https://crm/1", incoming: "https://crm/1") == .keep)
        guard case .dispute(let dispute) = CRMLinkPlan(current: "https://crm/1", incoming: "https://crm/2") else {
            Issue.record("a different link is a dispute")
            return
        }
        #expect(dispute.field == .crmLink)
        #expect(dispute.current == "https://crm/1")
        #expect(dispute.incoming == "https://crm/2")
        #expect(dispute.normalized == "https://crm/2")
    }
}

@Suite("Call statuses: current or history only, and when a call-back is due")
struct CallStatusPlanTests {
    func plan(_ status: String, own: Int64? = nil, current: String?, latest: Int64? = nil) -> CallStatusPlan {
        CallStatusPlan(status: status, ownTime: own, current: current, latest: latest, phone: "+7 916", reason: "busy")
    }

    @Test("by their own times when both have one")
    func byTime() {
        #expect(!plan("connected", own: 10, current: "end", latest: 20).isCurrent)
        #expect(plan("end", own: 30, current: "connected", latest: 20).isCurrent)
    }

    @Test("else by the call's course: start, connected, end or error; nothing after a finished call")
    func byCourse() {
        #expect(plan("start", current: nil).isCurrent)
        #expect(plan("connected", current: "start").isCurrent)
        #expect(!plan("start", current: "connected").isCurrent)
        #expect(!plan("connected", current: "end").isCurrent)
        #expect(!plan("end", current: "error").isCurrent)
    }

    @Test("a current error asks for a call-back; an older one does not")
    func callBack() {
        #expect(plan("error", current: "connected").callBack == "Call back +7 916 (busy)")
        #expect(plan("error", current: "end").callBack == nil)
        #expect(
            CallStatusPlan(status: "error", ownTime: nil, current: nil, latest: nil, phone: nil, reason: nil).callBack
                == "Call back the visitor")
    }
}

@Suite("Ingest notes: what an event did not apply, as the inbox keeps it")
struct IngestNoteTests {
    @Test("a responsible agent other than the lead's manager is noted, never applied")
    func responsibleAgent() {
        let manager = Manager(id: 1, login: "Alice@example.com", name: "Alice", isDefault: false, isActive: true)
        #expect(IngestNote.responsibleAgent("alice@example.com", manager: manager) == nil)
        #expect(IngestNote.responsibleAgent("bob@example.com", manager: nil) == nil)
        #expect(
            IngestNote.responsibleAgent("bob@example.com", manager: manager)?.text
                == "responsible agent bob@example.com not applied: the lead's manager is Alice@example.com, "
                + "and a webhook never changes a manager once set")
    }

    @Test("notes are joined with semicolons; none is no note")
    func joined() {
        #expect(IngestNote.joined([]) == nil)
        #expect(
            IngestNote.joined([.noEffect, .olderCallStatus("start")])
                == "ignored: no CRM effect; call status start is older than the call's latest; kept in its history only"
        )
    }
}
