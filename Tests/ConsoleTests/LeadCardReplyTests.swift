import CRMCore
import CRMStore
import Console
import Testing

/// The card's "Next reply sends" is the reply the store composes for the lead's next chat, the
/// link to the lead's page included when that is what the reply carries.
@Suite struct LeadCardReplyTests {
    @Test func theCardShowsTheLeadPageLinkTheNextReplyCarries() throws {
        var settings = CRMSettings()
        settings.publicURL = "https://crm.example.com"
        let world = try ConsoleWorld(settings: settings)
        try world.visitor("Ann Lee", chat: 1, phone: "+79161234567", email: "ann@example.com", offset: 1)
        let app = world.app(size: Size(rows: 48, columns: 240))
        let id = try world.leadID(named: "Ann Lee")
        #expect(app.state.openLeadID == id)
        let lead = try #require(try world.store.lead(id))
        let expected = try world.store.nextReply(for: lead)
        let link = try #require(expected.crmLink)
        #expect(link.hasPrefix("https://crm.example.com/"))
        #expect(app.state.nextReply == expected)
        let screen = app.screen(Size(rows: 48, columns: 240)).text
        #expect(screen.contains("crm_link    https://crm.example.com/"), "\(screen)")
    }

    @Test func withoutAPublicAddressTheCardSaysThereIsNoLink() throws {
        let world = try ConsoleWorld()
        try world.visitor("Ann Lee", chat: 1, phone: "+79161234567", email: "ann@example.com", offset: 1)
        let app = world.app(size: Size(rows: 48, columns: 160))
        #expect(app.state.nextReply?.crmLink == nil)
        #expect(app.screen(Size(rows: 48, columns: 160)).text.contains("crm_link    (none)"))
    }
}
