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

/// The replay use case: a new store rebuilt from this one's event inbox with today's rules,
/// operator entries carried over as ``ReplayStep`` reads them. The lead map and the report
/// pass from step to step as values.
struct ReplayEvents {
    /// The store replayed from.
    let store: Store

    /// Rebuilds the CRM into a new store at `path` (``Store/replay(into:)``).
    func run(into path: String) throws -> ReplayReport {
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
        let database = store.database
        let target = try Store(path: path, settings: store.settings)
        if target.database.isPostgres, try CountsRepository(database: target.database).holdsData() {
            throw CRMError.conflict(
                "\(target.database.path) is not empty; replay builds a new store, so give an empty database")
        }
        var report = ReplayReport()
        try database.read {
            let entries = try store.auditLog.operatorEntries()
            try target.database.write {
                for setting in try SettingsRepository(database: database).all() {
                    try target.setSetting(setting.key, setting.value)
                }
                target.clock = store.clock
                for manager in try store.managers() {
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
        guard entry.leadID != nil else {
            report.notCarried.append(
                "\(label): a change to the store, not to a lead: the new store takes its current webhook token and "
                    + "managers instead")
            return
        }
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
                let current = try store.lead(old)?.fields.field(titled: title)
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
                guard let task = try store.taskRows.manual(number) else {
                    throw CRMError.notFound("the task is gone from the store")
                }
                try target.addTask(
                    lead: lead, title: task.text, dueAt: task.dueAt, manager: task.assignee, actor: entry.actor)
            case .reopenTask(let number):
                try target.reopenTask(try counterpartTask(number, lead: lead, in: target), actor: entry.actor)
            case .completeTask(let number):
                try target.completeTask(try counterpartTask(number, lead: lead, in: target), actor: entry.actor)
            case .addNote(let number):
                guard let note = try store.noteRows.written(number) else {
                    throw CRMError.notFound("the note is gone from the store")
                }
                target.clock = { note.at }
                try target.addNote(lead, text: note.text, actor: note.author)
            case .merge(let number):
                guard let absorbed = leads[number] else {
                    throw CRMError.notFound("the merged lead has no counterpart")
                }
                try target.merge(absorbed, into: lead, actor: entry.actor)
            case .unmerge(let number):
                guard let absorbed = leads[number],
                    let merge = try target.mergeLog.openMerge(survivor: lead, absorbed: absorbed)
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
        guard let task = try store.taskRows.identity(number) else {
            throw CRMError.notFound("the task has no counterpart")
        }
        let found =
            if let key = task.sourceKey {
                try target.taskRows.task(sourceKey: key)
            } else {
                try target.taskRows.lastManual(lead: lead, text: task.text)
            }
        guard let found else { throw CRMError.notFound("the task has no counterpart") }
        return found
    }

    /// Re-applies a conflict resolution: finds the same conflict (same field and incoming
    /// value, ``ReplayStep/counterpartIncoming(field:normalized:leads:)``) on the mapped lead,
    /// resolves it the same way, and maps a lead a split created.
    private func carryResolution(
        _ conflictID: Int64, _ resolution: Resolution, splitLead: Int64?, lead: Int64, actor: String,
        into target: Store, leads: inout [Int64: Int64]
    ) throws {
        guard let source = try store.conflict(conflictID),
            let normalized = try store.conflictRows.incomingNormalized(conflictID)
        else { throw CRMError.notFound("the conflict is gone from the store") }
        let incoming = try ReplayStep.counterpartIncoming(field: source.field, normalized: normalized, leads: leads)
        guard let match = try target.conflictRows.findOpen(lead: lead, field: source.field, normalized: incoming) else {
            throw CRMError.notFound("today's rules did not open this conflict")
        }
        let created = try target.resolve(match, resolution, actor: actor)
        if let created, let splitLead {
            leads[splitLead] = created
        }
    }
}
