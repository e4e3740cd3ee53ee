import CRMCore
import CRMStore
import Console
import DisplayText
import Testing
import TestSupport

/// The contacts and notes dialogs and tasks by hand, through the real store.
@Suite struct ConsoleOperatorDialogTests {
    @Test(arguments: StoreEngine.allCases)
    func contactsDialogAddsReordersAndRemovesAndTheCardSaysWhichIsPrimary(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let id = try world.leadID(named: "Иван Петров")
        let app = world.app()
        #expect(app.state.openLeadID == id)
        app.press(.character("C"), .character("a"))
        app.type("ivan@work.example")
        app.press(.enter)
        #expect(try world.store.lead(id)?.emails.map(\.value) == ["ivan@example.ru", "ivan@work.example"])
        app.press(.character("a"))
        app.type("+7 916 000-11-22")
        app.press(.enter)
        #expect(try world.store.lead(id)?.phones.map(\.normalized) == ["+79161234567", "+79160001122"])
        app.press(.character("j"), .character("K"))
        #expect(try world.store.lead(id)?.primaryEmail == "ivan@work.example")
        #expect(app.state.notice?.text == Sanitizer.line("Saved the emails of lead #\(id); the first is the primary"))
        #expect(app.screen(Size(rows: 48, columns: 160)).text.contains("ivan@work.example  (primary: replies send it)"))
        app.press(.escape)
        #expect(
            app.screen(Size(rows: 48, columns: 160)).text.contains("ivan@work.example  (primary of 2; C to change)"))
        app.press(.character("C"), .character("j"), .character("d"))
        #expect(try world.store.lead(id)?.emails.map(\.value) == ["ivan@work.example"])
        app.press(.escape, .character("u"))
        #expect(try world.store.lead(id)?.emails.map(\.value) == ["ivan@work.example", "ivan@example.ru"])
        app.press(.character("C"), .character("a"))
        app.type("not-a-phone")
        app.press(.enter)
        guard case .form(let form)? = app.state.modals.last else {
            Issue.record("the form closed on an invalid phone")
            return
        }
        #expect(form.error?.description.contains("not a phone number") == true)
    }

    /// An email or phone another lead holds is saved (the operator may mean it) but said: a
    /// visitor giving it is matched to the lower numbered lead, silently until now.
    @Test(arguments: StoreEngine.allCases)
    func anEmailOrPhoneAnotherLeadHoldsIsSaidWhenSaved(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let ivan = try world.leadID(named: "Иван Петров")
        let id = try world.leadID(named: "plain ascii")
        let app = world.app()
        app.jump(to: id)
        app.press(.character("C"), .character("a"))
        app.type("+7 916 123-45-67")
        app.press(.enter)
        #expect(try world.store.lead(id)?.phones.map(\.normalized) == ["+14085550100", "+79161234567"])
        #expect(
            app.state.notice?.text
                == Sanitizer.line(
                    "Saved the phones of lead #\(id); the first is the primary, "
                        + "but lead #\(ivan) holds +7 916 123-45-67 too; m merges the two"))
        #expect(app.state.notice?.style == .warning)
        guard case .contacts? = app.state.modals.last else {
            Issue.record("the form stayed open or the dialog closed: \(app.state.modals)")
            return
        }
        // A value no other lead holds is saved with no more said.
        app.press(.character("a"))
        app.type("plain-2@example.com")
        app.press(.enter)
        #expect(app.state.notice?.text == Sanitizer.line("Saved the emails of lead #\(id); the first is the primary"))
        // The lead form's email, the same.
        app.press(.escape, .character("e"), .tab, .tab, .control("u"))
        app.type("IVAN@example.ru")
        app.press(.enter)
        #expect(try world.store.lead(id)?.primaryEmail == "IVAN@example.ru")
        #expect(
            app.state.notice?.text
                == Sanitizer.line(
                    "Saved lead #\(id); the next reply carries it, but lead #\(ivan) holds IVAN@example.ru too; "
                        + "m merges the two"))
    }

    /// A notice too long for the two status rows says which key shows it whole, and that key
    /// lists the recent messages in full, newest first.
    @Test func aNoticeCutOnTheStatusRowsIsReadInFullWithL() throws {
        let world = try ConsoleWorld.populated()
        let size = Size(rows: 24, columns: 80)
        let app = world.app(size: size)
        app.send(.announced("Saved lead #1"))
        let long =
            "1 of 9 leads now Spam; left out: #40 (merged into #41), #42 (merged into #41), #43 (merged into #41), "
            + "#44 (merged into #41), #45 (merged into #41), #46 (merged into #41), #47 (merged into #48) and the end"
        app.send(.announced(long))
        let rows = app.screen(size).text.split(separator: "\n")
        #expect(rows.last?.hasSuffix("… (L: in full)") == true, "\(rows.suffix(2))")
        #expect(!rows.joined().contains("and the end"))
        app.press(.character("L"))
        let viewer = app.screen(size).text
        #expect(viewer.contains("Recent messages, newest first"), "\(viewer)")
        #expect(viewer.contains("and the end"), "the whole message:\n\(viewer)")
        let newest = try #require(viewer.range(of: "1 of 9 leads now Spam"))
        let older = try #require(viewer.range(of: "Saved lead #1"))
        #expect(newest.lowerBound < older.lowerBound, "newest first:\n\(viewer)")
        app.press(.escape)
        #expect(app.state.modals.isEmpty)
    }

    /// A note edited elsewhere (the same author in a shell) while the console's editor is open
    /// is not written over: the form stays open and says why.
    @Test(arguments: StoreEngine.allCases)
    func aNoteEditedElsewhereIsNotWrittenOverByAnOpenEditor(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let id = try world.leadID(named: "Иван Петров")
        let note = try world.store.addNote(id, text: "call back", actor: "alice")
        let app = world.app()
        app.jump(to: id)
        app.press(.character("I"), .enter, .control("u"))
        app.type("call back on Monday")
        try Store(path: world.address).editNote(note, text: "call back: asked for the price list", actor: "alice")
        app.press(.enter)
        #expect(try world.store.notes(lead: id).map(\.text) == ["call back: asked for the price list"])
        guard case .form(let form)? = app.state.modals.last else {
            Issue.record("the editor closed: \(app.state.modals)")
            return
        }
        #expect(form.error?.string.contains("was edited elsewhere since this editor opened it") == true)
        // Deleted meanwhile: the form says how to reload, not "press r", which it would type.
        try Store(path: world.address).deleteNote(note, actor: "alice")
        app.press(.enter)
        guard case .form(let gone)? = app.state.modals.last else {
            Issue.record("the editor closed: \(app.state.modals)")
            return
        }
        #expect(gone.error?.string == "there is no note #\(note); Esc closes this, then r reloads")
    }

    /// A custom field another operator changed while the console's field form was open is not
    /// written over: the form stays open and says so.
    @Test(arguments: StoreEngine.allCases)
    func aFieldChangedElsewhereIsNotWrittenOverByAnOpenForm(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let id = try world.leadID(named: "plain ascii")
        try world.store.setField(id, LeadField(title: "Company", content: "Acme Ltd"), actor: "alice")
        let app = world.app()
        app.jump(to: id)
        app.press(.character("F"), .enter, .tab, .control("u"))
        app.type("Alice Corp")
        try Store(path: world.address).setField(id, LeadField(title: "Company", content: "Bob Corp"), actor: "bob")
        app.press(.enter)
        #expect(try world.store.lead(id)?.fields.map(\.content) == ["Bob Corp"])
        guard case .form(let form)? = app.state.modals.last else {
            Issue.record("the form closed: \(app.state.modals)")
            return
        }
        #expect(form.error?.string.contains("was changed or removed elsewhere since this form opened") == true)
    }

    /// A new field titled as one the lead has is refused, not written over it.
    @Test func aNewFieldTitledAsAnExistingOneIsRefused() throws {
        let world = try ConsoleWorld.populated()
        let id = try world.leadID(named: "plain ascii")
        try world.store.setField(id, LeadField(title: "Plan", content: "Gold"), actor: "bob")
        let app = world.app()
        app.jump(to: id)
        app.press(.character("F"), .character("a"))
        app.type("Plan")
        app.press(.tab)
        app.type("Silver")
        app.press(.enter)
        #expect(try world.store.lead(id)?.fields.map(\.content) == ["Gold"])
        guard case .form(let form)? = app.state.modals.last else {
            Issue.record("the form closed: \(app.state.modals)")
            return
        }
        #expect(form.error?.string.contains("has a field \"Plan\" already (it reads 'Gold')") == true)
    }

    /// D marks done the open tasks the card showed: one another operator added meanwhile stays
    /// open, and the result says so.
    @Test(arguments: StoreEngine.allCases)
    func dLeavesATaskAddedMeanwhileOpen(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let id = try world.leadID(named: "Иван Петров")
        let app = world.app()
        app.jump(to: id)
        let shown = try world.store.tasks(lead: id).filter { $0.status == "open" }.map(\.id)
        #expect(!shown.isEmpty)
        let added = try Store(path: world.address).addTask(
            lead: id, title: "Send the contract", dueAt: ConsoleWorld.now + 3_600_000, manager: nil, actor: "bob")
        app.press(.character("D"))
        let tasks = try world.store.tasks(lead: id)
        #expect(tasks.filter { shown.contains($0.id) }.allSatisfy { $0.status == "done" })
        #expect(tasks.first { $0.id == added }?.status == "open")
        #expect(
            app.state.notice?.text.string
                == "\(shown.count) task(s) of lead #\(id) done; task #\(added), added meanwhile, is still open")
    }

    /// The due field's example is a date the form takes (tomorrow), not a fixed one gone by.
    @Test func theTaskFormsDueExampleIsTomorrow() throws {
        let world = try ConsoleWorld.populated()
        let app = world.app()
        app.press(.character("T"))
        app.type("Call back")
        app.press(.tab, .control("u"))
        app.type("soonish")
        app.press(.enter)
        guard case .form(let form)? = app.state.modals.last else {
            Issue.record("the form closed: \(app.state.modals)")
            return
        }
        let tomorrow = app.state.settings.localTime.short(milliseconds: app.state.now + 86_400_000).prefix(10)
        let said = form.form.fields[1].message?.string ?? form.error?.string ?? ""
        #expect(said == "use 30m, 2h, 1d or \(tomorrow) 14:30", "\(said)")
        app.press(.control("u"))
        app.type("\(tomorrow) 14:30")
        app.press(.enter)
        #expect(app.state.modals.isEmpty, "tomorrow's example is taken: \(app.state.modals)")
    }

    @Test(arguments: StoreEngine.allCases)
    func aHighlightedNoteDeletedElsewhereIsSaidAndTheHighlightStaysOnANote(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let id = try world.leadID(named: "Иван Петров")
        let older = try world.store.addNote(id, text: "first call", actor: "alice")
        let newer = try world.store.addNote(id, text: "second call", actor: "alice")
        let app = world.app()
        app.jump(to: id)
        app.press(.character("I"), .character("j"))
        guard case .notes(let open)? = app.state.modals.last else {
            Issue.record("no notes dialog")
            return
        }
        let shown = try #require(open.selection.selectedKey)
        let other = shown == older ? newer : older
        // Another console deletes the highlighted note.
        try Store(path: world.address).deleteNote(shown, actor: "alice")
        app.send(.changes([]))
        #expect(
            app.state.notice?.text.string
                == "Note #\(shown) was deleted meanwhile; the highlight is on note #\(other) now")
        guard case .notes(let after)? = app.state.modals.last else {
            Issue.record("the notes dialog closed")
            return
        }
        #expect(after.selection.selectedKey == other)
        // One's own delete says only that it deleted, and u in the dialog brings the note back.
        app.press(.character("d"))
        #expect(app.state.notice?.text.string == "Note #\(other) of lead #\(id) deleted; u brings it back")
        app.press(.character("u"))
        #expect(try world.store.notes(lead: id).map(\.id) == [other])
        guard case .notes? = app.state.modals.last else {
            Issue.record("u closed the notes dialog")
            return
        }
    }

    @Test(arguments: StoreEngine.allCases)
    func notesDialogEditsAndDeletesOnlyMyNotes(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let id = try world.leadID(named: "Иван Петров")
        let app = world.app()
        app.press(.character("i"))
        app.type("called, no answer")
        app.press(.enter)
        #expect(app.state.notice?.text == Sanitizer.line("Note added to lead #\(id)"))
        try world.store.addNote(id, text: "bob's own note", actor: "bob")
        app.press(.character("r"), .character("I"), .enter)
        #expect(app.state.notice?.text == Sanitizer.line("That note is bob's; only its author can change it"))
        app.press(.character("d"))
        #expect(try world.store.notes(lead: id).count == 2)
        app.press(.character("j"), .enter)
        app.press(.control("u"))
        app.type("called twice")
        app.press(.enter)
        #expect(try world.store.notes(lead: id).map(\.text) == ["bob's own note", "called twice"])
        let mine = try #require(try world.store.notes(lead: id).last?.id)
        #expect(app.state.notice?.text == Sanitizer.line("Note #\(mine) of lead #\(id) edited"))
        app.press(.character("d"))
        #expect(try world.store.notes(lead: id).map(\.text) == ["bob's own note"])
        #expect(app.state.notice?.text == Sanitizer.line("Note #\(mine) of lead #\(id) deleted; u brings it back"))
        app.press(.escape, .character("u"))
        #expect(try world.store.notes(lead: id).map(\.text) == ["bob's own note", "called twice"])
    }

    @Test(arguments: StoreEngine.allCases)
    func tasksByHandShowThePersonAndDoneOnesReopen(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let id = try world.leadID(named: "plain ascii")
        let app = world.app()
        app.press(.character("g"))
        for _ in 0..<50 where app.state.list.selectedID != id { app.press(.character("j")) }
        app.press(.character("T"))
        app.type("Send the price list")
        app.press(.tab, .control("u"))
        app.type("soon")
        app.press(.enter)
        guard case .form? = app.state.modals.last else {
            Issue.record("a bad due time closed the form")
            return
        }
        app.press(.control("u"))
        app.type("2h")
        app.press(.enter)
        let task = try #require(try world.store.tasks(lead: id).first)
        #expect(task.text == "Send the price list" && task.kind == "manual")
        #expect(task.dueAt == ConsoleWorld.now + 7_200_000)
        #expect(task.assignee == "alice@example.com")
        #expect(app.state.notice?.text.string.hasPrefix("Task #\(task.id) added to lead #\(id), due ") == true)
        app.press(.character("t"))
        #expect(app.screen(Size(rows: 24, columns: 80)).text.contains("#\(id) plain ascii"))
        app.press(.character("g"))
        for _ in 0..<50 where app.state.taskList.selectedID != task.id { app.press(.character("j")) }
        app.press(.character("d"))
        #expect(app.state.notice?.text == Sanitizer.line("Task #\(task.id) of lead #\(id) done"))
        #expect(!app.state.tasks.contains { $0.id == task.id })
        app.press(.character("D"))
        #expect(app.state.tasks.contains { $0.id == task.id && $0.status == "done" })
        #expect(app.screen(Size(rows: 24, columns: 80)).text.contains("done shown"))
        app.press(.character("g"))
        for _ in 0..<50 where app.state.taskList.selectedID != task.id { app.press(.character("j")) }
        app.press(.character("o"))
        #expect(try world.store.tasks(lead: id).first?.status == "open")
        #expect(app.state.notice?.text == Sanitizer.line("Task #\(task.id) of lead #\(id) is open again"))
    }
}
