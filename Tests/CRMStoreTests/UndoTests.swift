import CRMCore
import CRMStore
import JivoProtocol
import TestSupport
import Testing

@Suite("Undo of operator operations")
struct UndoTests {
    /// A lead from a chat with an email, as (harness, lead id).
    private static func lead(engine: StoreEngine = .sqlite, email: String? = "tom@example.com") throws -> (
        StoreHarness, Int64
    ) {
        let harness = try StoreHarness(engine: engine)
        let lead = try #require(try harness.deliver(StoreHarness.accepted(chat: 1, email: email)).leadID)
        return (harness, lead)
    }

    /// Asserts that `actor`'s undo is refused as a conflict naming `reason`, and changes nothing.
    private static func expectRefused(_ harness: StoreHarness, actor: String, lead: Int64, naming reason: String)
        throws
    {
        let before = try harness.store.lead(lead)
        let error = try #require(throws: CRMError.self) { try harness.store.undo(actor: actor) }
        #expect(error.kind == .conflict)
        #expect(error.message.contains("would overwrite a later change"), "\(error.message)")
        #expect(error.message.contains(reason), "\(error.message)")
        #expect(try harness.store.lead(lead) == before)
    }

    @Test(
        "undoing a status puts the old one back, says so, and is audited with the operation",
        arguments: StoreEngine.allCases)
    func status(engine: StoreEngine) throws {
        let (harness, lead) = try Self.lead(engine: engine)
        try harness.store.setStatus(lead, .won, actor: "alice")
        let report = try harness.store.undo(actor: "alice")
        #expect(report.undone == "status of #\(lead) back to Unsorted")
        #expect(try harness.store.lead(lead)?.status == .unsorted)
        let trail = try harness.store.auditTrail(lead: lead)
        #expect(trail.last?.action == "undo")
        #expect(trail.last?.detail == "operation #\(report.operationID): status of #\(lead) back to Unsorted")
        let grouped = try harness.store.database.scalar(
            "SELECT count(*) FROM audit WHERE operation_id = ? AND action = 'status'", [.integer(report.operationID)])
        #expect(grouped == 1)
        let error = try #require(throws: CRMError.self) { try harness.store.undo(actor: "alice") }
        #expect(error.kind == .notFound)
    }

    @Test(
        "a status another operator changed since is not undone; the reason names the change and who made it",
        arguments: StoreEngine.allCases)
    func statusChangedSince(engine: StoreEngine) throws {
        let (harness, lead) = try Self.lead(engine: engine)
        try harness.store.setStatus(lead, .won, actor: "alice")
        try harness.store.setStatus(lead, .lost, actor: "bob")
        try Self.expectRefused(harness, actor: "alice", lead: lead, naming: "status of #\(lead) changed to Lost since")
        try Self.expectRefused(harness, actor: "alice", lead: lead, naming: "the last change was by bob")
        #expect(try harness.store.undo(actor: "bob").undone == "status of #\(lead) back to Won")
        #expect(try harness.store.undo(actor: "alice").undone == "status of #\(lead) back to Unsorted")
    }

    /// A note, task or conflict an undo removed keeps its number: the next one gets a new
    /// number, so the audit's references ("note #1 added") stay true.
    @Test(arguments: StoreEngine.allCases)
    func numbersAreNotReusedAfterAnUndo(engine: StoreEngine) throws {
        let (harness, lead) = try Self.lead(engine: engine)
        let store = harness.store
        let note = try store.addNote(lead, text: "called", actor: "alice")
        _ = try store.undo(actor: "alice")
        #expect(try store.addNote(lead, text: "called again", actor: "alice") > note)
        let task = try store.addTask(lead: lead, title: "call", dueAt: 1_800_000_000_000, manager: nil, actor: "alice")
        _ = try store.undo(actor: "alice")
        #expect(
            try store.addTask(lead: lead, title: "call", dueAt: 1_800_000_000_000, manager: nil, actor: "alice") > task)
        let other = try #require(
            try harness.deliver(
                StoreHarness.accepted(chat: 2, name: "Someone Else", email: "else@example.com", number: "200")
            ).leadID)
        let merge = try store.merge(other, into: lead, actor: "alice")
        let opened = try #require(try store.conflicts(lead: lead).map(\.id).max())
        _ = try store.unmerge(merge, actor: "alice")
        #expect(try store.conflict(opened) == nil, "the unmerge took back the conflict the merge opened")
        try store.merge(other, into: lead, actor: "alice")
        #expect(try #require(try store.conflicts(lead: lead).map(\.id).max()) > opened)
    }

    @Test("the refusal gives the later change's time in the zone people read times in, as the console shows times")
    func refusalTimeIsLocal() throws {
        let moscow = LocalTime(identifier: "Europe/Moscow") { _ in 3 * 3600 }
        let harness = try StoreHarness(
            settings: CRMSettings(crmLinkTemplate: "https://crm.example.com/leads/{id}", localTime: moscow))
        let lead = try #require(try harness.deliver(StoreHarness.accepted(chat: 1, email: "tom@example.com")).leadID)
        try harness.store.setStatus(lead, .won, actor: "alice")
        try harness.store.setStatus(lead, .lost, actor: "bob")
        // The store's clock stands at 2023-11-14 22:13:20 UTC.
        try Self.expectRefused(
            harness, actor: "alice", lead: lead, naming: "the last change was by bob at 2023-11-15 01:13 UTC+03:00")
    }

    @Test("each undo takes back the operator's own last operation, in reverse order", arguments: StoreEngine.allCases)
    func stack(engine: StoreEngine) throws {
        let (harness, lead) = try Self.lead(engine: engine)
        try harness.store.addManager(login: "kim", name: "Kim", isDefault: false, actor: "admin")
        try harness.store.setStatus(lead, .open, actor: "alice")
        try harness.store.assign(lead, login: "kim", actor: "alice")
        try harness.store.setStatus(lead, .qualified, actor: "bob")
        #expect(
            try harness.store.undoableOperations(actor: "alice").map(\.summary) == [
                "manager of #\(lead) set to kim", "status of #\(lead) set to Open",
            ])
        #expect(try harness.store.undo(actor: "alice").undone == "manager of #\(lead) back to none")
        #expect(try harness.store.lead(lead)?.manager == nil)
        #expect(try harness.store.lead(lead)?.status == .qualified)
        try Self.expectRefused(harness, actor: "alice", lead: lead, naming: "status of #\(lead) changed to Qualified")
    }

    @Test("undoing an assignment gives the lead's open tasks back to their manager", arguments: StoreEngine.allCases)
    func assignWithTasks(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        try harness.store.addManager(login: "boss@example.com", name: "Boss", isDefault: true, actor: "test")
        try harness.store.addManager(login: "kim", name: "Kim", isDefault: false, actor: "test")
        let lead = try #require(try harness.deliver(bytes: Fixtures.bytes("offline_message")).leadID)
        try harness.store.assign(lead, login: "kim", actor: "alice")
        #expect(try harness.store.tasks(lead: lead).map(\.assignee) == ["kim"])
        let report = try harness.store.undo(actor: "alice")
        #expect(report.undone.contains("manager of #\(lead) back to boss@example.com"))
        #expect(try harness.store.tasks(lead: lead).map(\.assignee) == ["boss@example.com"])
    }

    @Test(
        "undoing an edit restores name, email and crm_link together; a webhook's later email refuses it",
        arguments: StoreEngine.allCases)
    func edit(engine: StoreEngine) throws {
        let (harness, lead) = try Self.lead(engine: engine)
        try harness.store.edit(
            lead, ContactEdit(name: "Thomas", email: "thomas@example.com", crmLink: "https://crm.example.com/x"),
            actor: "alice")
        let report = try harness.store.undo(actor: "alice")
        let restored = try #require(try harness.store.lead(lead))
        #expect(restored.name == "Tom Clifton")
        #expect(restored.emails.map(\.value) == ["tom@example.com"])
        #expect(restored.crmLink == nil)
        #expect(report.undone.contains("emails of #\(lead) back to tom@example.com"))
        #expect(report.undone.contains("name of #\(lead) back to \"Tom Clifton\""))

        try harness.store.edit(lead, ContactEdit(email: ""), actor: "alice")
        try harness.deliver(StoreHarness.accepted(chat: 2, email: "new@example.com"))
        #expect(try harness.store.lead(lead)?.emails.map(\.value) == ["new@example.com"])
        try Self.expectRefused(harness, actor: "alice", lead: lead, naming: "emails of #\(lead) changed since")
        let refusal = try #require(throws: CRMError.self) { try harness.store.undo(actor: "alice") }
        #expect(!refusal.message.contains("example.com"), "the refusal repeats an email: \(refusal.message)")
        try Self.expectRefused(harness, actor: "alice", lead: lead, naming: "by webhook")
    }

    @Test("undoing custom field changes restores the list as it was, in order", arguments: StoreEngine.allCases)
    func fields(engine: StoreEngine) throws {
        let (harness, lead) = try Self.lead(engine: engine)
        try harness.store.setField(lead, LeadField(title: "Plan", content: "Pro"), actor: "alice")
        try harness.store.setField(lead, LeadField(title: "Seats", content: "5"), actor: "alice")
        try harness.store.moveField(lead, from: 1, to: 0, actor: "alice")
        try harness.store.removeField(lead, title: "Plan", actor: "alice")
        #expect(try harness.store.lead(lead)?.fields.map(\.title) == ["Seats"])
        #expect(try harness.store.undo(actor: "alice").undone == "custom fields of #\(lead) back to Seats=5, Plan=Pro")
        #expect(try harness.store.undo(actor: "alice").undone == "custom fields of #\(lead) back to Plan=Pro, Seats=5")
        try harness.store.undo(actor: "alice")
        try harness.store.undo(actor: "alice")
        #expect(try harness.store.lead(lead)?.fields == [])
    }

    @Test(
        "undoing a resolution reopens the conflict and restores the lead's values (keep, take, both)",
        arguments: StoreEngine.allCases)
    func resolutions(engine: StoreEngine) throws {
        for resolution in [Resolution.keepCurrent, .takeIncoming, .keepBoth] {
            let (harness, lead) = try Self.lead(engine: engine)
            try harness.deliver(StoreHarness.accepted(chat: 2, email: "other@example.com"))
            let conflict = try #require(try harness.store.conflicts(lead: lead).first { $0.status == "open" })
            let before = try harness.store.lead(lead)
            try harness.store.resolve(conflict.id, resolution, actor: "alice")
            let report = try harness.store.undo(actor: "alice")
            #expect(report.undone.contains("conflict #\(conflict.id) back to open"), "\(resolution)")
            #expect(try harness.store.conflict(conflict.id)?.status == "open")
            #expect(try harness.store.lead(lead)?.emails == before?.emails, "\(resolution)")
        }
    }

    @Test("undoing a done task reopens it; undoing a note removes it", arguments: StoreEngine.allCases)
    func taskAndNote(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let lead = try #require(try harness.deliver(bytes: Fixtures.bytes("offline_message")).leadID)
        let task = try #require(try harness.store.tasks(lead: lead).first)
        try harness.store.completeTask(task.id, actor: "alice")
        try harness.store.addNote(lead, text: "called back", actor: "alice")
        let note = try #require(try harness.store.notes(lead: lead).first)
        #expect(try harness.store.undo(actor: "alice").undone == "note #\(note.id) on #\(lead) removed")
        #expect(try harness.store.notes(lead: lead).isEmpty)
        #expect(try harness.store.undo(actor: "alice").undone == "task #\(task.id) back to open")
        #expect(try harness.store.tasks(lead: lead).first?.status == "open")
        #expect(try harness.store.tasks(lead: lead).first?.doneAt == nil)
    }

    @Test("a merge's edit of the surviving lead is undone with the merge, not by undo", arguments: StoreEngine.allCases)
    func mergeEditIsNotAnOperation(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let first = try #require(try harness.deliver(StoreHarness.accepted(chat: 1, email: "a@example.com")).leadID)
        let second = try #require(
            try harness.deliver(StoreHarness.accepted(chat: 2, name: "Ann", email: "b@example.com", number: "2")).leadID
        )
        try harness.store.merge(second, into: first, actor: "alice", edit: ContactEdit(name: "Ann"))
        #expect(try harness.store.undoableOperations(actor: "alice").isEmpty)
    }

    @Test("one operator cannot undo another's operation by its number", arguments: StoreEngine.allCases)
    func othersOperations(engine: StoreEngine) throws {
        let (harness, lead) = try Self.lead(engine: engine)
        try harness.store.setStatus(lead, .won, actor: "alice")
        let operation = try #require(try harness.store.undoableOperations(actor: "alice").first)
        let error = try #require(throws: CRMError.self) { try harness.store.undo(operation.id, actor: "bob") }
        #expect(error.message.contains("alice"))
        #expect(try harness.store.lead(lead)?.status == .won)
    }

    @Test(
        "an undo of one's last change says that one's merge made after it stays, and how to undo that",
        arguments: StoreEngine.allCases)
    func aLaterMergeIsSaid(engine: StoreEngine) throws {
        let (harness, lead) = try Self.lead(engine: engine)
        let other = try #require(
            try harness.deliver(StoreHarness.accepted(chat: 2, name: "Tom C", phone: "+7 916 555-11-22", number: "2"))
                .leadID)
        try harness.store.setStatus(lead, .open, actor: "alice")
        let merge = try harness.store.merge(other, into: lead, actor: "alice")
        let report = try harness.store.undo(actor: "alice")
        #expect(try harness.store.lead(lead)?.status == .unsorted)
        #expect(report.laterMerge?.id == merge)
        #expect(
            report.laterMergeNote
                == "your merge #\(merge) (lead #\(other) into lead #\(lead)), made after it, stays: `jivocrm unmerge "
                + "\(merge)` (U on lead #\(lead) in the console) undoes it")
        // Once the merge is undone, an undo says nothing of it.
        _ = try harness.store.unmerge(merge, actor: "alice")
        try harness.store.setStatus(lead, .won, actor: "alice")
        #expect(try harness.store.undo(actor: "alice").laterMerge == nil)
    }
}
