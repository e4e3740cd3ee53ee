import CRMCore
import CRMStore
import Console
import DisplayText
import Testing
import TestSupport

/// An outcome returns to the operation that asked: a dialog shows or closes on its own
/// operation's outcome only, and anything else goes to the status line.
@Suite struct OutcomeRoutingTests {
    @Test func aFailedBackgroundReloadDoesNotLandInAnOpenForm() throws {
        let world = try ConsoleWorld.populated()
        let app = world.app()
        app.press(.character("e"), .control("u"))
        app.type("Typed Name")
        // The store breaks under the console: every list and count read fails from now on.
        try world.store.database.execute("DROP TABLE tasks")
        app.send(.changes([]))
        guard case .form(let modal)? = app.state.modals.last else {
            Issue.record("the contact form closed on a failed reload")
            return
        }
        #expect(modal.error == nil, "the reload's failure is not the form's")
        #expect(modal.form.fields[0].editor.text == "Typed Name")
        #expect(app.state.notice?.style == .error)
    }

    @Test(arguments: StoreEngine.allCases)
    func anotherOperationsOutcomeLeavesTheFormAsItIs(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let app = world.app()
        app.press(.character("e"))
        app.send(.succeeded(.task, "Task done"))
        app.send(.failed(.note, "the note is gone"))
        guard case .form(let modal)? = app.state.modals.last else {
            Issue.record("a task's success closed the contact form")
            return
        }
        #expect(modal.error == nil)
        #expect(app.state.notice?.text == Sanitizer.line("the note is gone"))
        app.send(.failed(.contact, "the phone is not a phone number"))
        guard case .form(let failed)? = app.state.modals.last else {
            Issue.record("the form closed on its own failure")
            return
        }
        #expect(failed.error == Sanitizer.line("the phone is not a phone number"))
        app.send(.succeeded(.contact, "Saved"))
        #expect(app.state.modals.isEmpty)
    }
}
