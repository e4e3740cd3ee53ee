import CRMCore
import JivoProtocol

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

extension Store {
    private struct EraseRollback: Error {
        let report: EraseReport
    }

    /// Removes a person (right to be forgotten): lead `id` and every lead merged into it, with
    /// their contacts, keys, fields, chats and messages, calls, tasks, conflicts, notes and
    /// search rows; the raw events that carry their data (those of their leads and chats, and
    /// any whose body holds one of their emails or phones, or their name as a JSON string);
    /// their values in audit entries and in other rows' text. An audit entry records that an
    /// erasure happened and when, not whose. Then the store is vacuumed and its write-ahead log
    /// emptied, so the data is not left in free pages. With `dryRun`, reports and changes
    /// nothing. Erasing a lead already erased only compacts the store again.
    public func erase(_ id: Int64, actor: String, dryRun: Bool = false) throws -> EraseReport {
        let exists = try leadValues.exists(id)
        let alreadyErased = try erasure.wasErased(id)
        var report = EraseReport()
        if exists || !alreadyErased {
            do {
                report = try database.write {
                    let report = try eraseRows(id, actor: actor)
                    if dryRun { throw EraseRollback(report: report) }
                    return report
                }
            } catch let rollback as EraseRollback {
                return rollback.report
            }
        } else if dryRun {
            return report
        }
        report.logEmptied = try erasure.compact()
        return report
    }

    /// Deletes and scrubs what ``ErasePlan`` finds of the person behind lead `id`, audited.
    private func eraseRows(_ id: Int64, actor: String) throws -> EraseReport {
        guard try leadValues.exists(id) else { throw CRMError.notFound(.lead, "there is no lead #\(id)") }
        var report = EraseReport()
        report.leads = try erasure.family(id)
        let family = SQLValue.text(Store.jsonArray(report.leads))
        let plan = ErasePlan(
            leads: try report.leads.map(requireLead), conflictValues: try erasure.conflictValues(family),
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
        for lead in searchStale.sorted() { try refreshSearch(lead) }
        try erasure.rebuildSearchIndexes()
        try audit(
            actor: actor, lead: id, action: "erase",
            detail:
                "erased on request: \(report.leads.count) lead(s) with their contacts, chats, calls, tasks, conflicts and notes, "
                + "and \(report.events) raw event(s)")
        return report
    }
}
