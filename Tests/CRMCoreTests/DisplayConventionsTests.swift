import CRMCore
import Testing

/// How every front end names a lead, marks a list row and writes the webhook URL: one home each.
@Suite struct DisplayConventionsTests {
    @Test func aLeadIsNamedByItsPersonElseItsTitle() {
        var lead = Lead(id: 3, title: "Chat 3")
        #expect(lead.displayName == "Chat 3")
        lead.name = "Maria"
        #expect(lead.displayName == "Maria")
        #expect(Lead.displayName(name: "", title: "Offline message") == "Offline message")
    }

    @Test func markersKeepTheirColumns() {
        let all = LeadSummary(lead: Lead(id: 1), openConflicts: 2, openTasks: 1, chats: 3, unreadChats: 1)
        #expect(all.markers() == "!+*")
        let tasks = LeadSummary(lead: Lead(id: 1), openConflicts: 0, openTasks: 1, chats: 0, unreadChats: 0)
        #expect(tasks.markers() == "+")
        #expect(tasks.markers(absent: " ") == " + ")
    }

    @Test func theWebhookURLIsTheAddressThenTheTokensPath() {
        #expect(WebhookURL.address(host: "127.0.0.1", port: 8080) == "http://127.0.0.1:8080")
        #expect(WebhookURL.address(host: "::1", port: UInt16(8080)) == "http://[::1]:8080")
        #expect(WebhookURL.url(address: "http://127.0.0.1:8080", token: "abc") == "http://127.0.0.1:8080/jivo/abc")
        #expect(WebhookURL.replacingToken(in: "http://h:1/jivo/old", with: "new") == "http://h:1/jivo/new")
        #expect(WebhookURL.replacingToken(in: "http://h:1/jivo/old", with: nil) == "http://h:1/jivo/old")
    }
}
