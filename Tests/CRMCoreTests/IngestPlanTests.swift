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

    @Test("the title's separator is found as a search Character by Character finds it")
    func separatorAsCharacters() {
        let titles = [
            "JivoChat #18 - Visitor 7", "JivoChat #18 -  - Visitor", "JivoChat #18 -\u{301} - Visitor",
            "JivoChat #18 - \u{301}Visitor - Anna", "JivoChat #18\u{600} - Visitor - Anna", "JivoChat #18 -",
            "JivoChat #18 - ", "JivoChat", "JivoChat #18 \r\n - Новый посетитель 3", "JivoChat 👩\u{200D} - x",
        ]
        for title in titles {
            let lead = Lead(id: 1, title: title)
            let expected = title.firstRange(of: " - ").map { String(title[..<$0.lowerBound] + " - " + "Tom") }
            #expect(lead.title(followingName: "Tom") == expected.flatMap { $0 == title ? nil : $0 }, "\(title)")
        }
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

    @Test("a key the lead's column holds is not asked for again: it was remembered when the column took it")
    func heldByTheColumn() {
        var lead = Lead(id: 1)
        lead.channel = "w1"
        lead.visitorNumber = "100"
        lead.clientID = "c1"
        let plan = LeadKeysPlan(event: event(), visitor: Visitor(number: "100"), lead: lead, known: [])
        #expect(plan.entries.map(\.kind) == [.userToken, .visitor, .client])
        #expect(plan.entries.map(\.remember) == [true, false, false])
        // A visitor number is the lead's only on the lead's own channel.
        lead.channel = "w2"
        let elsewhere = LeadKeysPlan(event: event(), visitor: Visitor(number: "100"), lead: lead, known: [])
        #expect(elsewhere.entries.map(\.remember) == [true, true, false])
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

@Suite("Webhook tasks: an offline message to answer, a call to return")
struct WebhookTaskTests {
    @Test("an offline message's task is keyed by its widget and message id, else its event, and due later")
    func offlineMessage() {
        var event = WebhookEvent(name: "offline_message")
        event.widgetID = "w1"
        event.message = "call me"
        let byEvent = WebhookTask.offlineMessage(event, eventID: 9, at: 1000, dueSeconds: 60)
        #expect(byEvent.kind == "offline_message")
        #expect(byEvent.text == "call me")
        #expect(byEvent.key == "offline:w1:event-9")
        #expect(byEvent.due == 61_000)
        event.offlineMessageID = "m5"
        #expect(WebhookTask.offlineMessage(event, eventID: 9, at: 1000, dueSeconds: 60).key == "offline:w1:m5")
    }

    @Test("a call-back is keyed by its call and due at once")
    func callBack() {
        let task = WebhookTask.callBack("Call back +7 916", widget: "w1", callKey: "chat:4", at: 500)
        #expect(task.kind == "call_back")
        #expect(task.text == "Call back +7 916")
        #expect(task.key == "callback:w1:chat:4")
        #expect(task.due == 500)
    }

    @Test("a call is told apart by its chat, else its phone in matching form")
    func callKey() {
        let normalizer = ContactNormalizer(defaultCountryCode: "7")
        #expect(CallStatusPlan.callKey(chatID: "4", phone: "8 916 123 45 67", normalizer: normalizer) == "chat:4")
        #expect(
            CallStatusPlan.callKey(chatID: nil, phone: "8 916 123 45 67", normalizer: normalizer)
                == "phone:+79161234567")
        #expect(CallStatusPlan.callKey(chatID: nil, phone: "ext. 12", normalizer: normalizer) == "phone:ext. 12")
        #expect(CallStatusPlan.callKey(chatID: nil, phone: nil, normalizer: normalizer) == "phone:")
    }
}

@Suite("Client data: what the event adds to the lead's attributes")
struct ClientDataPlanTests {
    func event(_ json: String) throws -> WebhookEvent {
        try WebhookEvent.decode(body: Array(json.utf8))
    }

    @Test("attributes, organization, status and tags, merged over the lead's; nothing when they change nothing")
    func merge() throws {
        let event = try event(
            #"{"event_name":"client_updated","organization":{"name":"Acme"},"tags":[{"title":"vip"},{"title":"b2b"}]}"#)
        let plan = ClientDataPlan(event: event)
        #expect(plan.extra.map(\.key) == ["organization", "tags"])
        #expect(plan.extra.map(\.value) == ["Acme", "vip, b2b"])
        let merged = try #require(plan.merged(into: [("organization", "Old"), ("size", "5")]))
        #expect(merged.map(\.key) == ["organization", "size", "tags"])
        #expect(merged.map(\.value) == ["Acme", "5", "vip, b2b"])
        #expect(plan.merged(into: merged) == nil)
        #expect(ClientDataPlan(event: WebhookEvent(name: "client_updated")).merged(into: []) == nil)
    }
}

@Suite("CRM-webhook events: an effect only with contacts, an agent or a status; a lead only from contacts")
struct CRMWebhookPlanTests {
    @Test("an event with none of them has no effect; without contacts it needs a lead to find")
    func effects() {
        var event = WebhookEvent(name: "assigned_status", family: .crm)
        #expect(CRMWebhookPlan(event: event).skip == .noEffect)
        event.clientStatus = "Hot"
        let plan = CRMWebhookPlan(event: event)
        #expect(plan.skip == nil)
        #expect(plan.skip(found: nil) == .noMatchingClient)
        #expect(plan.skip(found: 3) == nil)
        event.visitor = Visitor(email: "t@example.com")
        #expect(CRMWebhookPlan(event: event).skip(found: nil) == nil)
    }
}

@Suite("A lead's contacts as visitor data")
struct VisitorFromLeadTests {
    @Test("name, first email, first phone and description; empty text is none")
    func contacts() {
        var lead = Lead(id: 1)
        lead.emails = [
            ContactValue(value: "A@x.com", normalized: "a@x.com"),
            ContactValue(value: "b@x.com", normalized: "b@x.com"),
        ]
        #expect(Visitor(contactsOf: lead) == Visitor(email: "A@x.com"))
        lead.name = "Tom"
        lead.description = "VIP"
        #expect(Visitor(contactsOf: lead) == Visitor(name: "Tom", email: "A@x.com", description: "VIP"))
    }
}
