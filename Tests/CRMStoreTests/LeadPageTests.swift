import CRMCore
import CRMStore
import JivoProtocol
import Testing
import TestSupport

/// A page of the lead list is read in a handful of statements for all its leads at once; each
/// lead on it must be exactly what reading that lead alone gives.
@Suite("A page of the lead list")
struct LeadPageTests {
    @Test(
        "each lead on a page is the lead read alone: contacts and fields in order, manager, counts",
        arguments: StoreEngine.allCases)
    func aPageReadsEachLeadAsItIsAlone(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let store = harness.store
        _ = try store.addManager(login: "anna@example.com", name: "Anna", isDefault: false, actor: "test")
        _ = try store.addManager(login: "boris@example.com", name: "Boris", isDefault: false, actor: "test")
        var ids: [Int64] = []
        for chat in 1...12 {
            let id = try #require(
                try harness.deliver(
                    StoreHarness.accepted(
                        chat: chat, name: "Visitor \(chat)", email: "v\(chat)@example.com",
                        phone: "+1 408 555 01\(chat + 10)",
                        number: "n\(chat)")
                ).leadID)
            ids.append(id)
        }
        for (index, id) in ids.enumerated() where index % 3 == 0 {
            try store.changeContacts(id, .email, .add("zz-second\(index)@example.com"), actor: "test")
            try store.changeContacts(id, .email, .move(from: 1, to: 0), actor: "test")
            try store.changeContacts(id, .phone, .add("+1 408 555 09\(index + 10)"), actor: "test")
            try store.setField(id, LeadField(title: "Plan", content: "Gold \(index)"), actor: "test")
            try store.setField(id, LeadField(title: "Seats", content: "\(index)"), actor: "test")
            try store.assign(id, login: index % 2 == 0 ? "anna@example.com" : "boris@example.com", actor: "test")
        }
        try harness.deliver(
            StoreHarness.accepted(chat: 40, name: "Visitor 2", email: "v2@example.com", phone: "+1 212 555 0000"))
        let offline: JSONObject = [
            "event_name": .string("offline_message"), "widget_id": .string("w1"),
            "offline_message_id": .number("77"), "message": .string("call me"),
            "visitor": .object(["name": .string("Visitor 5"), "email": .string("v5@example.com")]),
        ]
        try harness.deliver(offline)
        var filter = LeadFilter()
        filter.limit = 100
        let page = try store.leads(filter)
        #expect(page.count == ids.count)
        #expect(Set(page.map(\.lead.id)) == Set(ids))
        for summary in page {
            #expect(summary.lead == (try store.lead(summary.lead.id)), "lead #\(summary.lead.id) on the page")
            #expect(summary.openTasks == (summary.lead.id == ids[4] ? 1 : 0), "lead #\(summary.lead.id)'s open tasks")
        }
        let several = try #require(page.first { $0.lead.id == ids[0] })
        #expect(several.lead.emails.map(\.value) == ["zz-second0@example.com", "v1@example.com"])
        #expect(several.lead.phones.count == 2)
        #expect(several.lead.fields.map(\.title) == ["Plan", "Seats"])
        #expect(several.lead.manager?.login == "anna@example.com")
        #expect(page.first { $0.lead.id == ids[3] }?.lead.manager?.login == "boris@example.com")
        let disputed = try #require(page.first { $0.lead.id == ids[1] })
        #expect(disputed.openConflicts == 1)
        #expect(disputed.chats == 2)
    }
}
