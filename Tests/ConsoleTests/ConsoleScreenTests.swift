import CRMCore
import CRMStore
import Console
import DisplayText
import Testing

/// Golden screens of the real console over a real store, at 80x24 and 160x48.
@Suite struct ConsoleScreenTests {
    static let small = Size(rows: 24, columns: 80)
    static let large = Size(rows: 48, columns: 160)

    private func expectScreens(_ app: ConsoleApp, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for size in [Self.small, Self.large] {
            GoldenFile.expectMatch(
                app.screen(size), "\(name)-\(size.columns)x\(size.rows)", sourceLocation: sourceLocation)
        }
    }

    /// Selects the lead named `name` in the list.
    private func select(_ app: ConsoleApp, _ id: Int64) {
        app.press(.character("g"))
        for _ in 0..<50 where app.state.list.selectedID != id { app.press(.character("j")) }
    }

    @Test func leadListCardAndTimelineWithHostileAndWideText() throws {
        let world = try ConsoleWorld.populated()
        let app = world.app()
        select(app, try world.leadID(named: "Иван Петров"))
        expectScreens(app, "console-leads")
        let screen = app.screen(Self.large).text
        #expect(!screen.contains("\u{1b}"))
        #expect(screen.contains("Mallory"))
        #expect(screen.contains("Thomas Anderson"))
    }

    @Test func timelineFocusedInReducedLayout() throws {
        let world = try ConsoleWorld.populated()
        let app = world.app()
        select(app, try world.leadID(named: "Иван Петров"))
        app.press(.tab, .tab)
        GoldenFile.expectMatch(app.screen(Size(rows: 20, columns: 60)), "console-timeline-60x20")
    }

    @Test func longTimelineScrollsPageByPageToItsOldestMessageAndStopsThere() throws {
        let world = try ConsoleWorld()
        try world.transcript(
            chat: 7, name: "Long Talk", phone: nil, email: nil,
            (1...300).map { ("visitor", "message \($0).", Int64($0)) })
        let app = world.app()
        app.press(.tab, .tab)
        let rows = try #require(app.state.layout.content(of: .timeline)).rows
        #expect(app.screen(Self.small).text.contains("message 300."))
        #expect(!app.screen(Self.small).text.contains("message 1."))
        app.press(.pageDown, .pageDown)
        #expect(app.state.timelineOffset == 2 * rows)
        app.press(.end)
        let bottom = app.state.timelineOffset
        #expect(bottom > 2 * rows)
        #expect(app.screen(Self.small).text.contains("message 1."))
        #expect(!app.screen(Self.small).text.contains("message 300."))
        app.press(.down, .pageDown, .end)
        #expect(app.state.timelineOffset == bottom)
        app.press(.pageUp)
        #expect(app.state.timelineOffset == bottom - rows)
        app.press(.pageDown)
        #expect(app.state.timelineOffset == bottom)
        app.press(.home)
        #expect(app.state.timelineOffset == 0)
    }

    @Test func emptyStoreSaysHowToConnect() throws {
        let world = try ConsoleWorld()
        let app = world.app(view: .unsorted)
        expectScreens(app, "console-empty")
        #expect(app.screen(Self.large).text.contains("`jivocrm simulate`"))
    }

    @Test func tasks() throws {
        let world = try ConsoleWorld.populated()
        let app = world.app()
        app.press(.character("t"))
        expectScreens(app, "console-tasks")
    }

    @Test func help() throws {
        let world = try ConsoleWorld.populated()
        let app = world.app()
        app.press(.character("?"))
        expectScreens(app, "console-help")
    }

    @Test func halfTypedEditForm() throws {
        let world = try ConsoleWorld.populated()
        let app = world.app()
        select(app, try world.leadID(named: "王小明"))
        app.press(.character("e"), .tab)
        app.press(.control("u"))
        app.type("+86 138 0013 8001")
        expectScreens(app, "console-edit-form")
    }

    @Test func fieldFormOverFieldList() throws {
        let world = try ConsoleWorld.populated()
        let id = try world.leadID(named: "plain ascii")
        try world.store.setField(id, LeadField(title: "Plan", content: "Gold"), actor: "test")
        let app = world.app()
        select(app, id)
        app.press(.character("F"))
        expectScreens(app, "console-fields")
        app.press(.character("a"))
        app.type("Budget")
        app.press(.tab)
        app.type("10 000 ₽")
        expectScreens(app, "console-field-form")
    }

    @Test func replyPreview() throws {
        let world = try ConsoleWorld.populated()
        let app = world.app()
        select(app, try world.leadID(named: "Иван Петров"))
        app.press(.character("p"))
        expectScreens(app, "console-reply-preview")
    }

    @Test func managerPicker() throws {
        let world = try ConsoleWorld.populated()
        let app = world.app()
        app.press(.character("a"))
        expectScreens(app, "console-manager-picker")
    }

    @Test func conflictResolution() throws {
        let world = try ConsoleWorld.populated()
        let app = world.app()
        select(app, try world.leadID(named: "Иван Петров"))
        app.press(.character("c"))
        expectScreens(app, "console-conflict")
    }

    @Test func mergeChoosesSurvivingValues() throws {
        let world = try ConsoleWorld.populated()
        let app = world.app()
        select(app, try world.leadID(named: "plain ascii"))
        app.press(.character("m"))
        app.type("ana")
        app.press(.enter)
        expectScreens(app, "console-merge")
    }

    @Test func staleEditPrompt() throws {
        let world = try ConsoleWorld.populated()
        let id = try world.leadID(named: "plain ascii")
        let app = world.app()
        select(app, id)
        app.press(.character("e"), .tab, .control("u"))
        app.type("+1 408 555 0111")
        try world.store.edit(id, ContactEdit(phone: "+1 408 555 0199"), actor: "webhook")
        app.press(.enter)
        expectScreens(app, "console-stale")
    }
}
