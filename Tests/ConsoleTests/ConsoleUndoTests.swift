import CRMCore
import CRMStore
import Console
import DisplayText
import Testing
import TestSupport

/// `u` in the console undoes the operator's own last change through the real store.
@Suite struct ConsoleUndoTests {
    @Test(arguments: StoreEngine.allCases)
    func uUndoesMyLastChangesOneByOneAndSaysWhat(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let id = try world.leadID(named: "Иван Петров")
        let app = world.app()
        #expect(app.state.openLeadID == id)
        app.press(.character("a"))
        app.type("bob")
        app.press(.enter)
        app.press(.character("s"), .enter)
        #expect(try world.store.lead(id)?.status == .open)
        app.press(.character("u"))
        #expect(app.state.notice?.text == Sanitizer.line("Undid: status of #\(id) back to Unsorted"))
        #expect(try world.store.lead(id)?.status == .unsorted)
        app.press(.character("u"))
        #expect(app.state.notice?.text == Sanitizer.line("Undid: manager of #\(id) back to alice@example.com"))
        #expect(try world.store.lead(id)?.manager?.login == "alice@example.com")
        app.press(.character("u"))
        #expect(app.state.notice?.text == Sanitizer.line("Nothing of yours to undo"))
    }

    @Test(arguments: StoreEngine.allCases)
    func renamingAFieldInTheDialogIsOneChangeToUndo(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let id = try world.leadID(named: "Иван Петров")
        try world.store.setField(id, LeadField(title: "Plan", content: "Gold"), actor: "alice")
        try world.store.setField(id, LeadField(title: "Seats", content: "5"), actor: "alice")
        let app = world.app()
        app.press(.character("r"), .character("F"), .enter, .control("u"))
        app.type("Tariff")
        app.press(.enter, .escape)
        #expect(try world.store.lead(id)?.fields.map(\.title) == ["Tariff", "Seats"])
        app.press(.character("u"))
        #expect(try world.store.lead(id)?.fields.map(\.title) == ["Plan", "Seats"])
        #expect(app.state.notice?.text == Sanitizer.line("Undid: custom fields of #\(id) back to Plan=Gold, Seats=5"))
    }

    @Test(arguments: StoreEngine.allCases)
    func uRefusesToOverwriteSomeoneElsesLaterChange(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let id = try world.leadID(named: "Иван Петров")
        let app = world.app()
        app.press(.character("s"), .enter)
        try world.store.setStatus(id, .lost, actor: "bob")
        app.press(.character("u"))
        let notice = try #require(app.state.notice)
        #expect(notice.style == .error)
        #expect(notice.text.description.contains("would overwrite a later change"))
        #expect(notice.text.description.contains("status of #\(id) changed to Lost since"))
        #expect(notice.text.description.contains("by bob"))
        #expect(try world.store.lead(id)?.status == .lost)
    }
}
