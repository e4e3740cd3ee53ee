import CRMCore
import Testing

/// What replay carries over from each operator audit entry, read with no database.
@Suite struct ReplayStepTests {
    private func entry(_ action: String, field: String? = nil, after: String? = nil, detail: String? = nil)
        -> AuditEntry
    {
        AuditEntry(
            id: 1, at: 0, actor: "anna", leadID: 4, action: action, field: field, before: nil, after: after,
            detail: detail)
    }

    @Test("imports are counted, consequences of other entries carry nothing")
    func skipped() throws {
        #expect(try ReplayStep(entry("import")) == .imported)
        for action in ["fill", "conflict", "merged", "title", "erase"] {
            #expect(try ReplayStep(entry(action)) == .consequence)
        }
        #expect(try ReplayStep(entry("status", after: "won", detail: "from crm.csv line 2")) == .consequence)
        #expect(try ReplayStep(entry("assign", after: "kim", detail: "rule: import")) == .consequence)
        #expect(try ReplayStep(entry("note", detail: "note #3 edited")) == .noteChanged)
    }

    @Test("edits, fields, status, assignment and contact changes read back as the operations they record")
    func operations() throws {
        #expect(
            try ReplayStep(entry("edit", field: "crm_link", after: "https://x.org"))
                == .edit(ContactEdit(crmLink: "https://x.org")))
        #expect(
            try ReplayStep(entry("field", field: "Plan", after: "Gold")) == .setField(title: "Plan", content: "Gold"))
        #expect(try ReplayStep(entry("field", field: "Plan", detail: "removed")) == .removeField(title: "Plan"))
        #expect(
            try ReplayStep(entry("field", field: "Plan", detail: "moved from 3 to 1")) == .moveField(from: 2, to: 0))
        #expect(try ReplayStep(entry("status", after: "won")) == .status(.won))
        #expect(try ReplayStep(entry("assign", after: "kim")) == .assign(login: "kim"))
        #expect(
            try ReplayStep(entry("contacts", field: "email", after: "b@x.org", detail: "added as email 2"))
                == .contacts(.email, .add("b@x.org")))
        #expect(
            try ReplayStep(entry("contacts", field: "phone", detail: "phone moved from 3 to 1"))
                == .contacts(.phone, .move(from: 2, to: 0)))
        #expect(try ReplayStep(entry("undo")) == .undo)
    }

    @Test("tasks, notes, merges and resolutions name the old store's row they came from")
    func numbered() throws {
        #expect(try ReplayStep(entry("task", detail: "task #12 added")) == .addTask(task: 12))
        #expect(try ReplayStep(entry("task", detail: "task #12 reopened")) == .reopenTask(task: 12))
        #expect(try ReplayStep(entry("task", detail: "task #12 done")) == .completeTask(task: 12))
        #expect(try ReplayStep(entry("note", detail: "note #7")) == .addNote(note: 7))
        #expect(try ReplayStep(entry("merge", detail: "merged lead #9")) == .merge(absorbed: 9))
        #expect(try ReplayStep(entry("unmerge", detail: "lead #9 back")) == .unmerge(absorbed: 9))
        #expect(
            try ReplayStep(entry("resolve", detail: "conflict #4: split, new lead #9"))
                == .resolve(conflict: 4, resolution: .split, splitLead: 9))
        #expect(
            try ReplayStep(entry("resolve", detail: "conflict #4: keep-current"))
                == .resolve(conflict: 4, resolution: .keepCurrent, splitLead: nil))
    }

    @Test("an entry replay cannot read says why")
    func unreadable() {
        #expect(throws: CRMError.self) { try ReplayStep(entry("edit", field: "shoe size", after: "9")) }
        #expect(throws: CRMError.self) { try ReplayStep(entry("field", field: "Plan", detail: "moved from 3")) }
        #expect(throws: CRMError.self) { try ReplayStep(entry("task", detail: "task #12 exploded")) }
        #expect(throws: CRMError.self) { try ReplayStep(entry("contacts", field: "email", detail: "shuffled")) }
        #expect(throws: CRMError.self) { try ReplayStep(entry("teleport")) }
    }
}
