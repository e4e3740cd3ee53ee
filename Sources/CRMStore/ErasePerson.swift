import CRMCore

/// What erasing a person removed (or, dry, would remove).
public struct EraseReport: Sendable, Equatable {
    /// The lead and the leads merged into it.
    public var leads: [Int64] = []
    /// Raw events removed.
    public var events = 0
    /// Chats removed.
    public var chats = 0
    /// Audit entries whose values were scrubbed.
    public var scrubbed = 0
    /// Whether the write-ahead log was emptied, so no old page holds their data (false when
    /// another process was reading the store).
    public var logEmptied = false
}

/// The erase use case (right to be forgotten): what ``ErasePlan`` finds of a person deleted and
/// scrubbed with ``EraseRepository``, then the store compacted.
struct ErasePerson {
    /// The store: its audit and repositories.
    let store: Store

    /// Erases the person behind lead `id` (``Store/erase(_:actor:dryRun:)``).
    func run(_ id: Int64, actor: String, dryRun: Bool) throws -> EraseReport {
        let erasure = store.erasure
        var report = EraseReport()
        if try store.leadValues.exists(id) || !erasure.wasErased(id) {
            report = try store.database.write(dryRun: dryRun) { try eraseRows(id, actor: actor) }
        }
        if dryRun { return report }
        report.logEmptied = try erasure.compact()
        return report
    }

    /// Deletes and scrubs what ``ErasePlan`` finds of the person behind lead `id`, audited.
    private func eraseRows(_ id: Int64, actor: String) throws -> EraseReport {
        let erasure = store.erasure
        guard try store.leadValues.exists(id) else { throw CRMError.notFound(.lead, "there is no lead #\(id)") }
        var report = EraseReport()
        report.leads = try erasure.family(id)
        let family = SQLValue.text(Store.jsonArray(report.leads))
        let plan = ErasePlan(
            leads: try report.leads.map(store.requireLead), conflictValues: try erasure.conflictValues(family),
            callPhones: try erasure.callPhones(family))

        report.events += try erasure.deleteEvents(of: family)
        for term in plan.bodyTerms { report.events += try erasure.deleteEvents(containing: term) }
        report.chats = try erasure.chatCount(family)
        try erasure.deleteLeads(family)
        report.scrubbed += try erasure.scrubAudit(of: family)
        for name in plan.names.sorted() { report.scrubbed += try erasure.scrubName(name) }
        let columns = try erasure.textColumns()
        var searchStale: Set<Int64> = []
        for term in plan.contacts.sorted() {
            searchStale.formUnion(try erasure.dropConflicts(holding: term))
            for (table, column) in columns {
                let changed = try erasure.scrub(term, table: table, column: column)
                if table == EraseRepository.quoted("audit") { report.scrubbed += changed }
            }
        }
        for lead in searchStale.sorted() { try store.refreshSearch(lead) }
        try erasure.rebuildSearchIndexes()
        try store.audit(
            actor: actor, lead: id, action: "erase",
            detail:
                "erased on request: \(report.leads.count) lead(s) with their contacts, chats, calls, tasks, conflicts and notes, "
                + "and \(report.events) raw event(s)")
        return report
    }
}
