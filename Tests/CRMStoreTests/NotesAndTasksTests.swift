import CRMCore
import CRMStore
import TestSupport
import Testing

@Suite("Notes and tasks by hand")
struct NotesAndTasksTests {
    @Test(
        "an editor opened on a note's old text does not write over an edit made meanwhile",
        arguments: StoreEngine.allCases)
    func staleNoteEdit(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let lead = try #require(try harness.deliver(StoreHarness.accepted(chat: 1)).leadID)
        let note = try harness.store.addNote(lead, text: "called", actor: "alice")
        try harness.store.editNote(note, text: "called twice", original: "called", actor: "alice")
        let stale = try #require(throws: CRMError.self) {
            try harness.store.editNote(note, text: "called, no answer", original: "called", actor: "alice")
        }
        #expect(stale.kind == .conflict)
        #expect(stale.message.contains("was edited elsewhere since this editor opened it"), "\(stale.message)")
        #expect(try harness.store.notes(lead: lead).map(\.text) == ["called twice"])
        let audit = try harness.store.auditTrail(lead: lead).filter { $0.action == "note" }
        #expect(audit.map(\.detail) == ["note #\(note) added", "note #\(note) edited"])
    }

    @Test(
        "an author edits and deletes their own note, audited and undoable; another's is refused",
        arguments: StoreEngine.allCases)
    func ownNotes(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let lead = try #require(try harness.deliver(StoreHarness.accepted(chat: 1)).leadID)
        let note = try harness.store.addNote(lead, text: "called", actor: "alice")
        try harness.store.editNote(note, text: "called twice", actor: "alice")
        #expect(try harness.store.notes(lead: lead).map(\.text) == ["called twice"])
        for attempt in [
            { try harness.store.editNote(note, text: "mine now", actor: "bob") },
            { try harness.store.deleteNote(note, actor: "bob") },
        ] {
            let error = try #require(throws: CRMError.self) { try attempt() }
            #expect(error.kind == .conflict)
            #expect(error.message.contains("written by alice; only its author can"), "\(error.message)")
        }
        try harness.store.deleteNote(note, actor: "alice")
        #expect(try harness.store.notes(lead: lead).isEmpty)
        let audit = try harness.store.auditTrail(lead: lead).filter { $0.action == "note" }
        #expect(audit.map(\.detail) == ["note #\(note) added", "note #\(note) edited", "note #\(note) deleted"])
        #expect(audit[1].before == "called" && audit[1].after == "called twice")
        #expect(try harness.store.undo(actor: "alice").undone == "note #\(note) on #\(lead) restored")
        #expect(try harness.store.notes(lead: lead).map(\.text) == ["called twice"])
        #expect(try harness.store.undo(actor: "alice").undone == "note #\(note) back to \"called\"")
        #expect(try harness.store.notes(lead: lead).map(\.text) == ["called"])
    }

    @Test(
        "a task by hand goes to the lead's manager or the one named, is listed with the person's name, and reopens",
        arguments: StoreEngine.allCases)
    func manualTasks(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        try harness.store.addManager(login: "boss@example.com", name: "Boss", isDefault: true, actor: "test")
        try harness.store.addManager(login: "kim", name: "Kim", isDefault: false, actor: "test")
        let lead = try #require(try harness.deliver(StoreHarness.accepted(chat: 18)).leadID)
        let first = try harness.store.addTask(
            lead: lead, title: "Send the price list", dueAt: harness.now + 7_200_000, manager: nil, actor: "alice")
        let second = try harness.store.addTask(
            lead: lead, title: "Call back", dueAt: harness.now, manager: "kim", actor: "alice")
        let tasks = try harness.store.tasks(lead: lead)
        #expect(tasks.map(\.assignee) == ["kim", "boss@example.com"])
        #expect(tasks.allSatisfy { $0.kind == "manual" && $0.person == "Tom Clifton" })
        let missing = try #require(throws: CRMError.self) {
            try harness.store.addTask(lead: lead, title: "x", dueAt: 0, manager: "nobody", actor: "alice")
        }
        #expect(missing.message.contains("no active manager with login 'nobody'"))

        try harness.store.completeTask(first, actor: "alice")
        #expect(try harness.store.tasks(openOnly: false).map(\.id) == [second, first])
        try harness.store.reopenTask(first, actor: "alice")
        #expect(try harness.store.tasks(openOnly: true).map(\.id).sorted() == [first, second])
        let again = try #require(throws: CRMError.self) { try harness.store.reopenTask(first, actor: "alice") }
        #expect(again.message.contains("open already"))
        #expect(try harness.store.undo(actor: "alice").undone == "task #\(first) back to done")
        #expect(try harness.store.undo(actor: "alice").undone == "task #\(first) back to open")
        #expect(try harness.store.undo(actor: "alice").undone == "task #\(second) on #\(lead) removed")
    }

    @Test(
        "a lead created without a name takes the name into its title once a webhook or an operator gives it",
        arguments: StoreEngine.allCases)
    func titleFollowsTheName(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let lead = try #require(try harness.deliver(StoreHarness.accepted(chat: 18, name: nil, number: "7")).leadID)
        #expect(try harness.store.lead(lead)?.title == "JivoChat #18 - Visitor 7")
        try harness.deliver(StoreHarness.accepted(chat: 18, name: "Tom Clifton", number: "7"))
        #expect(try harness.store.lead(lead)?.title == "JivoChat #18 - Tom Clifton")
        let entry = try #require(try harness.store.auditTrail(lead: lead).first { $0.action == "title" })
        #expect(entry.before == "JivoChat #18 - Visitor 7" && entry.actor == "webhook")
        // A later, different name is a conflict, not a new title.
        try harness.deliver(StoreHarness.accepted(chat: 18, name: "Thomas", number: "7"))
        #expect(try harness.store.lead(lead)?.title == "JivoChat #18 - Tom Clifton")

        let other = try #require(try harness.deliver(StoreHarness.accepted(chat: 19, name: nil, number: "8")).leadID)
        try harness.store.edit(other, ContactEdit(name: "Ann Lee"), actor: "alice")
        #expect(try harness.store.lead(other)?.title == "JivoChat #19 - Ann Lee")
        #expect(
            try harness.store.undo(actor: "alice").undone.contains(
                "title of #\(other) back to \"JivoChat #19 - Visitor 8\""))
        #expect(try harness.store.lead(other)?.title == "JivoChat #19 - Visitor 8")
    }
}
