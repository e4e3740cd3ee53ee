import CRMCore
import CRMStore
import Testing

/// Merging two leads and undoing it.
@Suite struct MergeTests {
    /// Everything a lead holds that a merge touches, with its counters (version, update time) left out.
    struct Picture: Equatable {
        var lead: Lead
        var chats: [Int64]
        var calls: [Int64]
        var tasks: [Int64]
        var notes: [Int64]
        var conflicts: [ConflictRecord]
        var keys: [String]
        var mergedInto: Int64?
    }

    static func picture(_ store: Store, _ id: Int64) throws -> Picture {
        let detail = try #require(try store.detail(id))
        var lead = detail.summary.lead
        lead.version = 0
        lead.updatedAt = 0
        let keys = try store.database.rows(
            "SELECT kind || '/' || scope || '/' || value FROM lead_keys WHERE lead_id = ? ORDER BY 1", [.integer(id)]
        ) { $0.text(0) }
        return Picture(
            lead: lead, chats: detail.chats.map(\.id).sorted(), calls: detail.calls.map(\.id).sorted(),
            tasks: detail.tasks.map(\.id).sorted(), notes: detail.notes.map(\.id).sorted(),
            conflicts: detail.conflicts.sorted { $0.id < $1.id }, keys: keys, mergedInto: detail.mergedInto)
    }

    /// Two leads for one person: Tom by email (with a note and a second phone), Thomas by phone.
    static func twoLeads(engine: StoreEngine = .sqlite) throws -> (StoreHarness, tom: Int64, thomas: Int64) {
        let harness = try StoreHarness(engine: engine)
        let tom = try #require(
            try harness.deliver(StoreHarness.accepted(chat: 1, name: "Tom", email: "tom@example.com", number: "1"))
                .leadID)
        let thomas = try #require(
            try harness.deliver(StoreHarness.accepted(chat: 2, name: "Thomas", phone: "+7 916 555-11-22", number: "2"))
                .leadID)
        try harness.store.addNote(tom, text: "VIP", actor: "alice")
        try harness.store.edit(tom, ContactEdit(crmLink: "https://crm.example.com/tom"), actor: "alice")
        try harness.store.addNote(thomas, text: "called back", actor: "alice")
        #expect(tom != thomas)
        return (harness, tom, thomas)
    }

    @Test(arguments: StoreEngine.allCases)
    func unmergeRestoresBothLeadsExactly(engine: StoreEngine) throws {
        let (harness, tom, thomas) = try Self.twoLeads(engine: engine)
        let store = harness.store
        let tomBefore = try Self.picture(store, tom)
        let thomasBefore = try Self.picture(store, thomas)
        let merge = try store.merge(
            thomas, into: tom, actor: "alice", edit: ContactEdit(name: "Thomas", phone: "+7 916 555-11-22"))

        let merged = try Self.picture(store, tom)
        #expect(merged.lead.name == "Thomas")
        #expect(merged.lead.primaryPhone == "+7 916 555-11-22")
        #expect(merged.chats.count == 2)
        #expect(try Self.picture(store, thomas).mergedInto == tom)
        #expect(try store.leads(LeadFilter(search: "555-11-22")).map(\.lead.id) == [tom])

        let report = try store.unmerge(merge, actor: "bob")
        #expect(report.kept.isEmpty, "\(report.kept)")
        #expect(report.restored.contains("1 chats back on lead #\(thomas)"), "\(report.restored)")
        #expect(try Self.picture(store, tom) == tomBefore)
        #expect(try Self.picture(store, thomas) == thomasBefore)
        #expect(try store.leads(LeadFilter(search: "555-11-22")).map(\.lead.id) == [thomas])
        #expect(try store.mergeRecord(merge)?.undoneBy == "bob")
        #expect(try store.auditTrail(lead: tom).last?.action == "unmerge")
        #expect(try store.auditTrail(lead: thomas).last?.detail == "merge #\(merge) undone: out of lead #\(tom)")
        #expect(throws: CRMError.self) { try store.unmerge(merge, actor: "bob") }
    }

    @Test(arguments: StoreEngine.allCases)
    func unmergeKeepsWhatChangedAfterTheMergeAndSaysSo(engine: StoreEngine) throws {
        let (harness, tom, thomas) = try Self.twoLeads(engine: engine)
        let store = harness.store
        let merge = try store.merge(thomas, into: tom, actor: "alice")
        try store.edit(tom, ContactEdit(email: "tom@work.example.com"), actor: "alice")
        let report = try store.unmerge(merge, actor: "bob")
        #expect(
            report.kept.contains("email tom@work.example.com stays on lead #\(tom) (added after the merge)"),
            "\(report.kept)")
        #expect(
            report.kept.contains("email tom@example.com stays removed from lead #\(tom) (removed after the merge)"),
            "\(report.kept)")
        let lead = try #require(try store.lead(tom))
        #expect(lead.emails.map(\.value) == ["tom@work.example.com"])
        #expect(lead.phones.isEmpty)
        #expect(try store.lead(thomas)?.phones.map(\.value) == ["+7 916 555-11-22"])
    }

    @Test(arguments: StoreEngine.allCases)
    func unmergeSaysWhatCameToTheSurvivorAfterTheMerge(engine: StoreEngine) throws {
        let (harness, tom, thomas) = try Self.twoLeads(engine: engine)
        let store = harness.store
        let merge = try store.merge(thomas, into: tom, actor: "alice")
        // Thomas writes again: his phone is on Tom's lead now, so the chat and its task go there.
        let chat = try harness.deliver(StoreHarness.accepted(chat: 3, name: "Thomas", phone: "+7 916 555-11-22"))
        #expect(chat.leadID == tom)
        _ = try store.addTask(lead: tom, title: "call Thomas back", dueAt: 0, manager: nil, actor: "alice")
        let report = try store.unmerge(merge, actor: "bob")
        #expect(
            report.kept.contains(
                "after the merge, lead #\(tom) gained 1 chat and 1 task; these stay on it, though they may be lead "
                    + "#\(thomas)'s"), "\(report.kept)")
        #expect(try store.detail(tom)?.chats.map(\.chatID).sorted() == ["1", "3"])
    }

    @Test(arguments: StoreEngine.allCases)
    func unmergeRefusesWhenAMovedPhoneWasRemovedSince(engine: StoreEngine) throws {
        let (harness, tom, thomas) = try Self.twoLeads(engine: engine)
        let store = harness.store
        let merge = try store.merge(thomas, into: tom, actor: "alice")
        try store.edit(tom, ContactEdit(phone: ""), actor: "alice")
        let before = try Self.picture(store, tom)
        let error = try #require(throws: CRMError.self) { try store.unmerge(merge, actor: "bob") }
        #expect(error.kind == .conflict)
        #expect(
            error.message.contains("a phone the merge brought to lead #\(tom) was removed since"), "\(error.message)")
        #expect(!error.message.contains("555-11-22"), "the refusal repeats a phone: \(error.message)")
        // It says where the value removed is named instead: the lead's audit trail has it.
        #expect(
            error.message.contains("(the audit trail of lead #\(tom) names each removal: `jivocrm show \(tom)`)"),
            "\(error.message)")
        #expect(try store.auditTrail(lead: tom).contains { $0.before == "+7 916 555-11-22" && $0.after == "" })
        #expect(try Self.picture(store, tom) == before)
        #expect(try store.lead(thomas) != nil)
        #expect(try store.detail(thomas)?.mergedInto == tom)
        #expect(try store.mergeRecord(merge)?.undoneAt == nil)
    }

    @Test(arguments: StoreEngine.allCases)
    func unmergeRefusesWhenTheSurvivorWasMergedAgain(engine: StoreEngine) throws {
        let (harness, tom, thomas) = try Self.twoLeads(engine: engine)
        let store = harness.store
        let third = try #require(
            try harness.deliver(StoreHarness.accepted(chat: 3, name: "T", email: "t@example.com", number: "3")).leadID)
        let first = try store.merge(thomas, into: tom, actor: "alice")
        let second = try store.merge(tom, into: third, actor: "alice")
        let error = try #require(throws: CRMError.self) { try store.unmerge(first, actor: "bob") }
        #expect(error.message.contains("undo that merge first"), "\(error.message)")
        try store.unmerge(second, actor: "bob")
        try store.unmerge(first, actor: "bob")
        #expect(try store.detail(thomas)?.mergedInto == nil)
    }

    @Test(arguments: StoreEngine.allCases)
    func mergingIntoAMergedLeadIsRefused(engine: StoreEngine) throws {
        let (harness, tom, thomas) = try Self.twoLeads(engine: engine)
        try harness.store.merge(thomas, into: tom, actor: "alice")
        #expect(throws: CRMError.self) { try harness.store.merge(tom, into: thomas, actor: "alice") }
    }
}
