import CRMCore
import Glibc

/// What a replay rebuilt.
public struct ReplayReport: Sendable, Equatable {
    /// Events replayed, by the status today's rules gave them.
    public var statuses: [String: Int] = [:]
    /// Leads in the new store.
    public var leads = 0
    /// Operator audit entries re-applied.
    public var carried = 0
    /// Import entries, which cannot be replayed (imported people are not in the event inbox).
    public var imports = 0
    /// Operator entries that could not be carried, each with the reason.
    public var notCarried: [String] = []
}

extension Store {
    /// Rebuilds the CRM into a new store at `path` from the raw event inbox, with today's
    /// rules: every event (applied, duplicate, failed and quarantined alike) is ingested again
    /// in id order, and operator edits are carried over from the audit trail (edits, custom
    /// fields, statuses, assignments, conflict resolutions, merges and their undoing, notes and
    /// done tasks), each at its place in time, on the lead that the same event created. Managers and
    /// settings (the webhook token) are copied first. Refuses a `path` that exists and is not
    /// empty. A replay that fails leaves `path` as it found it, so it can be run again. A
    /// `postgresql://` URL in `path` replays into that database, which must hold no settings,
    /// managers, leads or events; a failed replay there leaves only the empty schema.
    public func replay(into path: String) throws -> ReplayReport {
        if case .postgres = StoreAddress(path) { return try rebuild(into: path) }
        var info = stat()
        let existed = stat(path, &info) == 0
        if existed && info.st_size > 0 {
            throw CRMError.conflict(
                "\(path) exists and is not empty; replay builds a new store, so give a path that does not exist yet")
        }
        do {
            return try rebuild(into: path)
        } catch {
            for suffix in ["-wal", "-shm", "-journal"] { unlink(path + suffix) }
            if existed { truncate(path, 0) } else { unlink(path) }
            throw error
        }
    }

    /// The replay itself, into a new store at `path` that is closed again on return.
    private func rebuild(into path: String) throws -> ReplayReport {
        let target = try Store(path: path, settings: settings)
        if target.database.isPostgres,
            try target.database.scalar(
                "SELECT (SELECT count(*) FROM settings) + (SELECT count(*) FROM managers) + (SELECT count(*) FROM leads) "
                    + "+ (SELECT count(*) FROM events)") != 0
        {
            throw CRMError.conflict(
                "\(target.database.path) is not empty; replay builds a new store, so give an empty database")
        }
        var report = ReplayReport()
        try database.read {
            let entries = try database.rows(
                "SELECT id, at, actor, lead_id, action, field, before, after, detail FROM audit WHERE actor != 'webhook' ORDER BY id"
            ) { row in
                AuditEntry(
                    id: row.int(0), at: row.int(1), actor: row.text(2), leadID: row.optionalInt(3), action: row.text(4),
                    field: row.optionalText(5), before: row.optionalText(6), after: row.optionalText(7),
                    detail: row.optionalText(8))
            }
            try target.database.write {
                try database.query("SELECT key, value FROM settings") { row in
                    try target.setSetting(row.text(0), row.text(1))
                }
                target.clock = clock
                for manager in try managers() {
                    try target.addManager(
                        login: manager.login, name: manager.name, isDefault: manager.isDefault, actor: "replay")
                    if !manager.isActive { try target.deactivateManager(login: manager.login, actor: "replay") }
                }
                var leads: [Int64: Int64] = [:]
                var pending = entries[...]
                try EventInbox(database: database).each { delivered in
                    let receivedAt = delivered.receivedAt
                    while let entry = pending.first, entry.at < receivedAt {
                        pending.removeFirst()
                        try carry(entry, into: target, leads: &leads, report: &report)
                    }
                    target.clock = { receivedAt }
                    let result = try target.ingest(body: delivered.body, receivedAt: receivedAt)
                    report.statuses[result.status, default: 0] += 1
                    if let old = delivered.leadID, let new = result.leadID, leads[old] == nil {
                        leads[old] = new
                    }
                }
                for entry in pending { try carry(entry, into: target, leads: &leads, report: &report) }
            }
        }
        report.leads = try LeadRepository(database: target.database).liveCount()
        return report
    }

    /// Re-applies one operator audit entry to `target` (``ReplayStep``), or notes why it cannot be.
    private func carry(_ entry: AuditEntry, into target: Store, leads: inout [Int64: Int64], report: inout ReplayReport)
        throws
    {
        let label = "audit #\(entry.id) (\(entry.action)\(entry.field.map { " \($0)" } ?? ""))"
        let step = Result { () throws(CRMError) in try ReplayStep(entry) }
        switch step {
        case .success(.imported):
            report.imports += 1
            return
        case .success(.consequence): return
        default: break
        }
        target.clock = { entry.at }
        guard let old = entry.leadID, let lead = leads[old] else {
            report.notCarried.append(
                "\(label): lead #\(entry.leadID.map(String.init) ?? "?") was not created by an event")
            return
        }
        do {
            switch try step.get() {
            case .imported, .consequence, .noteChanged: return
            case .edit(let edit): try target.edit(lead, edit, actor: entry.actor)
            case .setField(let title, let content):
                let current = try self.lead(old)?.fields.first { $0.title.lowercased() == title.lowercased() }
                try target.setField(
                    lead, LeadField(title: title, content: content, link: current?.link, key: current?.key),
                    actor: entry.actor)
            case .removeField(let title): try target.removeField(lead, title: title, actor: entry.actor)
            case .moveField(let from, let to): try target.moveField(lead, from: from, to: to, actor: entry.actor)
            case .status(let status): try target.setStatus(lead, status, actor: entry.actor)
            case .assign(let login): try target.assign(lead, login: login, actor: entry.actor)
            case .resolve(let conflict, let resolution, let splitLead):
                try carryResolution(
                    conflict, resolution, splitLead: splitLead, lead: lead, actor: entry.actor, into: target,
                    leads: &leads)
            case .contacts(let field, let change): try target.changeContacts(lead, field, change, actor: entry.actor)
            case .undo: try target.undo(actor: entry.actor)
            case .addTask(let number):
                guard
                    let task = try database.first(
                        "SELECT t.text, t.due_at, m.login FROM tasks t LEFT JOIN managers m ON m.id = t.assignee_id WHERE t.id = ?",
                        [.integer(number)], { ($0.text(0), $0.int(1), $0.optionalText(2)) })
                else { throw CRMError.notFound("the task is gone from the store") }
                try target.addTask(lead: lead, title: task.0, dueAt: task.1, manager: task.2, actor: entry.actor)
            case .reopenTask(let number):
                try target.reopenTask(try counterpartTask(number, lead: lead, in: target), actor: entry.actor)
            case .completeTask(let number):
                try target.completeTask(try counterpartTask(number, lead: lead, in: target), actor: entry.actor)
            case .addNote(let number):
                guard
                    let note = try database.first(
                        "SELECT author, text, at FROM notes WHERE id = ?", [.integer(number)],
                        { ($0.text(0), $0.text(1), $0.int(2)) })
                else { throw CRMError.notFound("the note is gone from the store") }
                target.clock = { note.2 }
                try target.addNote(lead, text: note.1, actor: note.0)
            case .merge(let number):
                guard let absorbed = leads[number] else {
                    throw CRMError.notFound("the merged lead has no counterpart")
                }
                try target.merge(absorbed, into: lead, actor: entry.actor)
            case .unmerge(let number):
                guard let absorbed = leads[number],
                    let merge = try target.database.scalar(
                        "SELECT max(id) FROM merges WHERE survivor_id = ? AND absorbed_id = ? AND undone_at IS NULL",
                        [.integer(lead), .integer(absorbed)])
                else { throw CRMError.notFound("the undone merge has no counterpart") }
                try target.unmerge(merge, actor: entry.actor)
            }
            report.carried += 1
        } catch let error as StoreError where error.isTransient {
            throw error
        } catch {
            report.notCarried.append("\(label): \(error)")
        }
    }

    /// The task in `target` that task `number` of this store became: by its source key, or, for
    /// a task made by hand, the last one on its lead with its text.
    private func counterpartTask(_ number: Int64, lead: Int64, in target: Store) throws -> Int64 {
        guard
            let task = try database.first(
                "SELECT source_key, text FROM tasks WHERE id = ?", [.integer(number)],
                { ($0.optionalText(0), $0.text(1)) })
        else { throw CRMError.notFound("the task has no counterpart") }
        let found =
            if let key = task.0 {
                try target.database.scalar("SELECT id FROM tasks WHERE source_key = ?", [.text(key)])
            } else {
                try target.database.scalar(
                    "SELECT max(id) FROM tasks WHERE lead_id = ? AND kind = 'manual' AND text = ?",
                    [.integer(lead), .text(task.1)])
            }
        guard let found else { throw CRMError.notFound("the task has no counterpart") }
        return found
    }

    /// Re-applies a conflict resolution: finds the same conflict (same field and incoming
    /// value) on the mapped lead, resolves it the same way, and maps a lead a split created.
    private func carryResolution(
        _ conflictID: Int64, _ resolution: Resolution, splitLead: Int64?, lead: Int64, actor: String,
        into target: Store, leads: inout [Int64: Int64]
    ) throws {
        guard let source = try conflict(conflictID),
            let normalized = try database.first(
                "SELECT incoming_normalized FROM conflicts WHERE id = ?", [.integer(conflictID)], { $0.text(0) })
        else { throw CRMError.notFound("the conflict is gone from the store") }
        var incoming = normalized
        if source.field == "duplicate" {
            guard let other = Int64(normalized.dropFirst("lead:".count)), let mapped = leads[other] else {
                throw CRMError.notFound("the other lead has no counterpart")
            }
            incoming = "lead:\(mapped)"
        }
        guard
            let match = try target.database.scalar(
                "SELECT id FROM conflicts WHERE lead_id = ? AND field = ? AND incoming_normalized = ? AND status = 'open'",
                [.integer(lead), .text(source.field), .text(incoming)])
        else { throw CRMError.notFound("today's rules did not open this conflict") }
        let created = try target.resolve(match, resolution, actor: actor)
        if let created, let splitLead {
            leads[splitLead] = created
        }
    }
}
