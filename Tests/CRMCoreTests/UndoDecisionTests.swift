import CRMCore
import Testing

@Suite("Undo decisions: what may be undone given what changed since")
struct UndoDecisionTests {
    @Test("parts still as the operation left them are restored to their values before it")
    func restores() {
        let decision = UndoDecision(
            recorded: [
                UndoDecision.Part(key: "lead.status", before: "a", after: "b"),
                UndoDecision.Part(key: "task:3", before: nil, after: "t"),
            ], current: ["lead.status": "b", "task:3": "t"], knows: { _ in true })
        #expect(decision.canUndo)
        #expect(decision.restore.map(\.key) == ["lead.status", "task:3"])
        #expect(decision.restore.map(\.before) == ["a", nil])
    }

    @Test("a part changed since, or gone, refuses the undo and says what it is now")
    func changedSince() {
        let decision = UndoDecision(
            recorded: [
                UndoDecision.Part(key: "lead.status", before: "a", after: "b"),
                UndoDecision.Part(key: "note:4", before: nil, after: "n"),
            ], current: ["lead.status": "c"], knows: { _ in true })
        #expect(!decision.canUndo)
        #expect(decision.changedSince.map(\.key) == ["lead.status", "note:4"])
        #expect(decision.changedSince.map(\.left) == ["b", "n"])
        #expect(decision.changedSince.map(\.current) == ["c", nil])
    }

    @Test("a part this version cannot restore refuses the undo")
    func unknown() {
        let decision = UndoDecision(
            recorded: [UndoDecision.Part(key: "lead.colour", before: "a", after: "b")], current: [:],
            knows: { $0 != "lead.colour" })
        #expect(!decision.canUndo)
        #expect(decision.unknown == ["lead.colour"])
    }

    @Test("only the operator who did it may undo, and only once")
    func refusal() {
        #expect(UndoDecision.refusal(operation: 1, owner: "alice", actor: "alice", undoneAt: nil) == nil)
        #expect(
            UndoDecision.refusal(operation: 1, owner: "alice", actor: "bob", undoneAt: nil)?.message.contains(
                "only alice") == true)
        #expect(UndoDecision.refusal(operation: 1, owner: "alice", actor: "alice", undoneAt: 0)?.kind == .conflict)
    }

    @Test("an operation records the parts that differ between its snapshots, by name")
    func changedParts() {
        #expect(
            UndoDecision.changedParts(
                before: ["phones": "1", "lead.status": "a", "lead.name": "x"],
                after: ["phones": "2", "lead.status": "a", "task:9": "t", "lead.name": "x"])
                == ["phones", "task:9"])
    }
}
