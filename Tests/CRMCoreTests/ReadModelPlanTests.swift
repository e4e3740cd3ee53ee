import CRMCore
import Testing

/// What the read side shows is decided in CRMCore; the store only reads the rows.
@Suite("Read model plans")
struct ReadModelPlanTests {
    private func event(_ id: Int64, _ status: String) -> EventRecord {
        EventRecord(
            id: id, receivedAt: id, eventName: "chat_accepted", chatID: nil, status: status, error: nil, leadID: nil,
            size: 0, note: nil)
    }

    @Test("the events screen shows quarantined and failed deliveries first, newest first, then the rest")
    func inboxPutsTroubleFirst() {
        let troubled = [event(3, "quarantined"), event(1, "quarantined"), event(5, "failed")]
        let recent = [event(6, "applied"), event(5, "failed"), event(4, "duplicate"), event(3, "quarantined")]
        #expect(
            EventRecord.inbox(troubled: troubled, recent: recent, limit: 10).map(\.id) == [5, 3, 1, 6, 4])
        #expect(EventRecord.inbox(troubled: troubled, recent: recent, limit: 4).map(\.id) == [5, 3, 1, 6])
        #expect(event(2, "failed").isTroubled && event(2, "quarantined").isTroubled)
        #expect(!event(2, "applied").isTroubled && !event(2, "duplicate").isTroubled)
    }

    @Test("a listener is alive while its last beat is recent; the newest beat counts as the last")
    func listenerHealthFromBeats() {
        let now: Int64 = 100_000
        let health = ListenerHealth(
            beats: [(address: "http://a:1", beatAt: now - 1_000), (address: "http://b:2", beatAt: now - 15_000)],
            now: now, lastEventAt: 7, eventsInLastHour: 3, quarantined: 1, failed: 2)
        #expect(health.alive.map(\.address) == ["http://a:1"])
        #expect(health.lastBeatAt == now - 1_000)
        #expect(
            health.lastEventAt == 7 && health.eventsInLastHour == 3 && health.quarantined == 1 && health.failed == 2)
        let silent = ListenerHealth(
            beats: [], now: now, lastEventAt: nil, eventsInLastHour: 0, quarantined: 0, failed: 0)
        #expect(silent == ListenerHealth())
    }

    @Test("the order by due task lists only leads with open tasks, as the open-tasks filter does")
    func dueOrderNeedsOpenTasks() {
        #expect(LeadFilter(sort: .due).requiresOpenTasks)
        #expect(LeadFilter(withOpenTasks: true).requiresOpenTasks)
        #expect(!LeadFilter().requiresOpenTasks && !LeadFilter(sort: .name).requiresOpenTasks)
    }

    @Test("a CSV export has one column per custom field title, whatever its case, in the order first met")
    func exportColumns() {
        #expect(LeadExport.customColumns(["Budget", "city", "budget", "City", "Size"]) == ["Budget", "city", "Size"])
        #expect(
            LeadExport.csvHeader(customColumns: ["Budget", "email"])
                == "id,title,name,email,phone,description,status,manager,crm_link,source,utm,created_at,"
                + "last_activity_at,Budget,field:email\r\n")
    }

    @Test("a lead's CSV record lists its contacts, manager, UTM and its fields by column, ignoring case")
    func exportRecord() {
        var lead = Lead(id: 7, title: "Chat", createdAt: 0)
        lead.name = "Ann"
        lead.emails = [
            ContactValue(value: "a@x.io", normalized: "a@x.io"), ContactValue(value: "b@x.io", normalized: "b@x.io"),
        ]
        lead.phones = [ContactValue(value: "+7 916", normalized: "+7916")]
        lead.manager = Manager(id: 1, login: "anna", name: "Anna", isDefault: false, isActive: true)
        lead.utm = [(key: "source", value: "ads")]
        lead.fields = [LeadField(title: "budget", content: "100")]
        lead.lastActivityAt = 1000
        #expect(
            LeadExport.csvRecord(lead, customColumns: ["Budget", "Size"])
                == "7,Chat,Ann,\"a@x.io, b@x.io\",+7 916,,unsorted,anna,,JivoChat,\"{\"\"source\"\":\"\"ads\"\"}\","
                + "1970-01-01T00:00:00Z,1970-01-01T00:00:01Z,100,\r\n")
        #expect(
            LeadExport.vCard(lead)
                == VCard(
                    name: "Ann", emails: ["a@x.io", "b@x.io"], phones: ["+7 916"], note: "", url: nil,
                    status: "unsorted", manager: "anna", title: "Chat"))
    }

    @Test("the JSON export opens with its format, version, time and managers, and lists one lead a line")
    func exportJSON() {
        let opening = LeadExport.jsonOpening(exportedAt: 0, managers: [])
        #expect(opening.hasPrefix("{") && opening.hasSuffix(",\"leads\":["))
        #expect(opening.contains("\"format\":\"jivocrm-export\"") && opening.contains("\"version\":1"))
        #expect(opening.contains("\"exported_at\":\"1970-01-01T00:00:00Z\"") && opening.contains("\"managers\":[]"))
        let detail = LeadDetail(
            summary: LeadSummary(lead: Lead(id: 1), openConflicts: 0, openTasks: 0, chats: 0, unreadChats: 0),
            chats: [], calls: [], tasks: [], conflicts: [], notes: [], audit: [], mergedInto: nil)
        #expect(LeadExport.jsonLead(detail, index: 0) == "\n" + detail.json.serialized())
        #expect(LeadExport.jsonLead(detail, index: 1) == ",\n" + detail.json.serialized())
        #expect(LeadExport.jsonClosing == "\n]}\n")
    }
}
