import CRMCore
import CRMStore
import Testing

@Suite("Replay carries contacts, tasks by hand, note edits and undos")
struct ReplayOperatorActionsTests {
    @Test(
        "the replayed lead has the same contacts, status, tasks and notes, and nothing is left behind",
        arguments: StoreEngine.allCases)
    func carried(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        try harness.store.addManager(login: "boss@example.com", name: "Boss", isDefault: true, actor: "test")
        let lead = try #require(try harness.deliver(StoreHarness.accepted(chat: 1, email: "tom@example.com")).leadID)
        let store = harness.store
        store.clock = { 1_700_000_100_000 }
        try store.changeContacts(lead, .email, .add("tom@work.example"), actor: "alice")
        try store.changeContacts(lead, .email, .move(from: 1, to: 0), actor: "alice")
        try store.changeContacts(lead, .phone, .add("+1 408 555-0100"), actor: "alice")
        try store.changeContacts(lead, .phone, .replace(0, "+1 408 555-0111"), actor: "alice")
        let task = try store.addTask(
            lead: lead, title: "Call back", dueAt: 1_700_000_900_000, manager: nil, actor: "alice")
        try store.completeTask(task, actor: "alice")
        try store.reopenTask(task, actor: "alice")
        let note = try store.addNote(lead, text: "first", actor: "alice")
        try store.editNote(note, text: "first, edited", actor: "alice")
        try store.setStatus(lead, .won, actor: "alice")
        try store.undo(actor: "alice")

        let path = try harness.newStore("replayed")
        let report = try store.replay(into: path)
        #expect(report.notCarried == [])
        let replayed = try Store(path: path)
        let copy = try #require(try replayed.leads(LeadFilter(limit: 10)).first?.lead)
        let original = try #require(try store.lead(lead))
        #expect(copy.emails == original.emails)
        #expect(copy.phones == original.phones)
        #expect(copy.status == .unsorted)
        #expect(
            try replayed.tasks(lead: copy.id).map { "\($0.text) \($0.status) \($0.dueAt)" } == [
                "Call back open 1700000900000"
            ])
        #expect(try replayed.notes(lead: copy.id).map(\.text) == ["first, edited"])
    }
}
