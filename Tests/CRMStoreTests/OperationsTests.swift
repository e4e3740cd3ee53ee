import CRMCore
import CRMStore
import Testing

@Suite("Operator edits")
struct OperationsTests {
    @Test(
        "an invalid email or phone in an edit is refused without repeating the value", arguments: StoreEngine.allCases)
    func invalidContactErrorsCarryNoValue(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let lead = try #require(try harness.deliver(StoreHarness.accepted(chat: 1, email: "tom@example.com")).leadID)
        for edit in [ContactEdit(email: "tom-secret-at-example"), ContactEdit(phone: "call tom-secret")] {
            let error = try #require(throws: CRMError.self) { try harness.store.edit(lead, edit, actor: "alice") }
            #expect(error.kind == .invalidArgument)
            #expect(!error.message.contains("tom-secret"), "the error repeats the value: \(error.message)")
            #expect(error.message.contains("expected"))
        }
    }

    @Test(
        "a field form saved over a change another operator made to the field since it opened is refused",
        arguments: StoreEngine.allCases)
    func fieldFormOnAChangedFieldIsRefused(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let store = harness.store
        let lead = try #require(try harness.deliver(StoreHarness.accepted(chat: 1)).leadID)
        let opened = LeadField(title: "Company", content: "Acme Ltd")
        try store.setField(lead, opened, actor: "alice")
        try store.setField(lead, LeadField(title: "Company", content: "Bob Corp"), actor: "bob")
        let error = try #require(throws: CRMError.self) {
            try store.saveField(
                lead, LeadField(title: "Company", content: "Alice Corp"), replacing: opened, position: 0, actor: "alice"
            )
        }
        #expect(error.kind == .conflict)
        #expect(error.message.hasPrefix("field \"Company\" of lead #\(lead) was changed or removed elsewhere"))
        #expect(try store.lead(lead)?.fields.map(\.content) == ["Bob Corp"])
        // Removed meanwhile: not brought back either.
        try store.removeField(lead, title: "Company", actor: "bob")
        #expect(throws: CRMError.self) {
            try store.saveField(
                lead, LeadField(title: "Company", content: "Alice Corp"),
                replacing: LeadField(title: "Company", content: "Bob Corp"), position: 0, actor: "alice")
        }
        #expect(try store.lead(lead)?.fields.isEmpty == true)
        // Saved on the field as it reads: done.
        try store.setField(lead, LeadField(title: "Company", content: "Bob Corp"), actor: "bob")
        try store.saveField(
            lead, LeadField(title: "Firm", content: "Alice Corp"),
            replacing: LeadField(title: "Company", content: "Bob Corp"),
            position: 0, actor: "alice")
        #expect(try store.lead(lead)?.fields.map(\.title) == ["Firm"])
        // A new field, or one renamed, does not take another field's title.
        try store.setField(lead, LeadField(title: "Plan", content: "Gold"), actor: "bob")
        for original in [nil, LeadField(title: "Firm", content: "Alice Corp")] {
            let taken = try #require(throws: CRMError.self) {
                try store.saveField(
                    lead, LeadField(title: "Plan", content: "Silver"), replacing: original, position: nil,
                    actor: "alice")
            }
            #expect(taken.message.hasPrefix("lead #\(lead) has a field \"Plan\" already (it reads 'Gold')"))
        }
        #expect(try store.lead(lead)?.fields.map(\.content) == ["Alice Corp", "Gold"])
    }

    @Test("completing the tasks an operator saw leaves one added meanwhile open", arguments: StoreEngine.allCases)
    func completingSeenTasksLeavesNewOnesOpen(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let store = harness.store
        let lead = try #require(try harness.deliver(StoreHarness.accepted(chat: 1)).leadID)
        let seen = try store.addTask(lead: lead, title: "Call", dueAt: 10, manager: nil, actor: "alice")
        let added = try store.addTask(lead: lead, title: "Send", dueAt: 10, manager: nil, actor: "bob")
        let result = try store.apply(.completeTasks(only: [seen]), to: [lead], actor: "alice")
        #expect(result.changed == 1)
        #expect(result.tasksLeftOpen == [added])
        #expect(
            try store.tasks(lead: lead).map { "\($0.id) \($0.status)" }.sorted()
                == ["\(seen) done", "\(added) open"].sorted())
    }

    @Test(
        "a status or manager chosen on a value another operator changed since is refused, one lead or several",
        arguments: StoreEngine.allCases)
    func triageOnAChangedValueIsRefused(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let store = harness.store
        let one = try #require(try harness.deliver(StoreHarness.accepted(chat: 1, number: "1")).leadID)
        let two = try #require(
            try harness.deliver(StoreHarness.accepted(chat: 2, name: "Ann", email: "ann@example.com", number: "2"))
                .leadID)
        try store.addManager(login: "alice", name: "Alice", isDefault: false, actor: "test")
        try store.addManager(login: "bob", name: "Bob", isDefault: false, actor: "test")
        // Bob opens the lead; alice (a shell) wins it before bob chooses Spam.
        try store.setStatus(one, .won, actor: "alice", seen: .unsorted)
        let status = try #require(throws: CRMError.self) {
            try store.setStatus(one, .spam, actor: "bob", seen: .unsorted)
        }
        #expect(status.kind == .conflict)
        #expect(
            status.message
                == "lead #\(one) is Won now: another operator changed it since you chose; nothing was changed, choose again"
        )
        #expect(try store.lead(one)?.status == .won)
        // Choosing what another operator chose meanwhile is no conflict.
        try store.setStatus(one, .won, actor: "bob", seen: .unsorted)
        try store.assign(one, login: "alice", actor: "alice", seen: "")
        let manager = try #require(throws: CRMError.self) {
            try store.assign(one, login: "bob", actor: "bob", seen: "")
        }
        #expect(manager.message.hasPrefix("lead #\(one) is assigned to alice now"), "\(manager.message)")
        #expect(try store.lead(one)?.manager?.login == "alice")
        // Several: the changed lead is left out and named with its value now; the other changes.
        let result = try store.apply(
            .status(.qualified), to: [one, two], actor: "bob", seen: [one: "unsorted", two: "unsorted"])
        #expect(result.changed == 1)
        #expect(result.changedMeanwhile == [one: "won"])
        #expect(try store.lead(one)?.status == .won)
        #expect(try store.lead(two)?.status == .qualified)
    }
}

@Suite("Merging leads: duplicate conflicts and merged leads")
struct MergeConflictTests {
    /// Two leads, one by email and one by phone, and the duplicate-leads conflict a visitor
    /// with both opened: (lead by email, lead by phone, conflict id).
    private static func duplicates(_ harness: StoreHarness) throws -> (Int64, Int64, Int64) {
        let byEmail = try #require(
            try harness.deliver(StoreHarness.accepted(chat: 1, email: "anna@example.com", number: "1")).leadID)
        let byPhone = try #require(
            try harness.deliver(StoreHarness.accepted(chat: 2, phone: "+7 916 555-11-22", number: "2")).leadID)
        try harness.deliver(
            StoreHarness.accepted(chat: 3, email: "anna@example.com", phone: "+7 916 555-11-22", number: "3"))
        let conflict = try #require(try harness.store.conflicts(openOnly: true).first { $0.field == "duplicate" })
        #expect(conflict.leadID == byEmail && conflict.otherLeadID == byPhone)
        return (byEmail, byPhone, conflict.id)
    }

    @Test(
        "merging the lead a duplicate conflict is on into the other settles that conflict",
        arguments: StoreEngine.allCases)
    func reverseMergeSettlesTheDuplicate(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let (byEmail, byPhone, conflict) = try Self.duplicates(harness)
        try harness.store.merge(byEmail, into: byPhone, actor: "alice")
        #expect(try harness.store.conflict(conflict)?.status == "resolved")
        #expect(try harness.store.conflicts(openOnly: true).filter { $0.field == "duplicate" }.isEmpty)
    }

    @Test(
        "undoing the merge that settled a duplicate conflict (taking the incoming lead) opens the conflict again",
        arguments: StoreEngine.allCases)
    func undoingTheConflictsMergeReopensIt(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let (byEmail, byPhone, conflict) = try Self.duplicates(harness)
        try harness.store.resolve(conflict, .takeIncoming, actor: "alice")
        #expect(try harness.store.conflict(conflict)?.resolution == "take-incoming")
        let merge = try #require(try harness.store.merges(lead: byEmail).first)
        #expect(merge.absorbedID == byPhone)
        let report = try harness.store.unmerge(merge.id, actor: "alice")
        #expect(report.restored.contains("the duplicate-leads conflict is open again"), "\(report)")
        let reopened = try #require(try harness.store.conflict(conflict))
        #expect(reopened.status == "open")
        #expect(reopened.resolution == nil)
    }

    @Test(
        "a lead merged into another takes no operator change (nor an undo): it names the lead that holds its data",
        arguments: StoreEngine.allCases)
    func aMergedLeadTakesNoChange(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let (byEmail, byPhone, _) = try Self.duplicates(harness)
        let store = harness.store
        // Carol's change before the merge, which her undo would put back on the merged lead.
        try store.setStatus(byPhone, .open, actor: "carol")
        try store.merge(byPhone, into: byEmail, actor: "alice")
        let changes: [(String, () throws -> Void)] = [
            ("edit", { _ = try store.edit(byPhone, ContactEdit(description: "x"), actor: "bob") }),
            ("status", { try store.setStatus(byPhone, .won, actor: "bob") }),
            ("note", { _ = try store.addNote(byPhone, text: "called", actor: "bob") }),
            ("task", { _ = try store.addTask(lead: byPhone, title: "call", dueAt: 0, manager: nil, actor: "bob") }),
            ("contacts", { try store.changeContacts(byPhone, .phone, .add("+7 916 000-00-01"), actor: "bob") }),
        ]
        for (name, change) in changes {
            let error = try #require(throws: CRMError.self, "\(name)") { try change() }
            #expect(
                error.message == "lead #\(byPhone) was merged into lead #\(byEmail); change lead #\(byEmail) instead")
        }
        // Carol's undo would change the merged lead back: the merge is to be undone first.
        let merge = try #require(try store.merges(lead: byEmail).first?.id)
        let undo = try #require(throws: CRMError.self) { _ = try store.undo(actor: "carol") }
        #expect(
            undo.message
                == "lead #\(byPhone) was merged into lead #\(byEmail) (merge #\(merge)), so a change to it cannot be "
                + "undone: undo the merge first (U on lead #\(byEmail) in the console, `jivocrm unmerge \(merge)`), "
                + "then this change")
        // A bulk change leaves the merged lead out and changes the others.
        #expect(try store.apply(.status(.won), to: [byEmail, byPhone], actor: "bob").changed == 1)
        #expect(try store.lead(byEmail)?.status == .won)
        #expect(try store.auditTrail(lead: byPhone).allSatisfy { $0.actor != "bob" })
    }

    @Test("a lead already merged can neither be merged again nor absorb another", arguments: StoreEngine.allCases)
    func mergedLeadsStayMerged(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let (byEmail, byPhone, _) = try Self.duplicates(harness)
        let third = try #require(
            try harness.deliver(StoreHarness.accepted(chat: 4, email: "bob@example.com", number: "4")).leadID)
        try harness.store.merge(byPhone, into: byEmail, actor: "alice")
        for (absorbed, survivor) in [(byPhone, third), (third, byPhone)] {
            let error = try #require(throws: CRMError.self) {
                try harness.store.merge(absorbed, into: survivor, actor: "alice")
            }
            #expect(error.kind == .conflict)
            #expect(error.message.contains("lead #\(byEmail)"))
        }
        #expect(try harness.store.detail(byPhone)?.mergedInto == byEmail)
    }

    @Test("a merge whose choices were made on a lead that changed since is refused", arguments: StoreEngine.allCases)
    func aMergeOnOldVersionsIsRefused(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let (byEmail, byPhone, _) = try Self.duplicates(harness)
        let store = harness.store
        let versions = [
            byEmail: try #require(try store.lead(byEmail)).version,
            byPhone: try #require(try store.lead(byPhone)).version,
        ]
        try store.edit(byPhone, ContactEdit(name: "Anna K"), actor: "bob")
        let error = try #require(throws: CRMError.self) {
            try store.merge(byPhone, into: byEmail, actor: "alice", edit: ContactEdit(name: "Anna"), versions: versions)
        }
        #expect(error.kind == .conflict)
        #expect(error.message.hasPrefix("lead #\(byPhone) changed since its values were chosen"), "\(error.message)")
        #expect(try store.detail(byPhone)?.mergedInto == nil)
    }

    @Test(
        "a lead merged into one that was merged in turn is found, and refused, as the lead that holds its data now",
        arguments: StoreEngine.allCases)
    func aChainOfMergesIsFollowedToItsEnd(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let (byEmail, byPhone, _) = try Self.duplicates(harness)
        let third = try #require(
            try harness.deliver(StoreHarness.accepted(chat: 4, email: "bob@example.com", number: "4")).leadID)
        let store = harness.store
        try store.merge(byPhone, into: byEmail, actor: "alice")
        try store.merge(byEmail, into: third, actor: "alice")
        #expect(try store.leads(LeadFilter(search: "#\(byPhone)")).map(\.lead.id) == [third])
        #expect(try store.mergedInto(byPhone) == third)
        let error = try #require(throws: CRMError.self) { try store.setStatus(byPhone, .won, actor: "bob") }
        #expect(error.message == "lead #\(byPhone) was merged into lead #\(third); change lead #\(third) instead")
        let merging = try #require(throws: CRMError.self) { try store.merge(byPhone, into: third, actor: "bob") }
        #expect(merging.message.contains("merge into #\(third) instead"))
        // The merge log still names the lead each merge took it into.
        #expect(try store.detail(byPhone)?.mergedInto == byEmail)
    }
}
