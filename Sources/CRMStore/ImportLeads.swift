import CRMCore
import JivoProtocol

/// What an import did (or, dry, would do) with one person of the file.
public struct ImportOutcome: Sendable, Equatable {
    /// Created, updated or left as it was.
    public enum Action: String, Sendable {
        /// A new lead.
        case created
        /// A matched lead got values for empty fields.
        case updated
        /// A matched lead already held everything (disagreements aside).
        case unchanged
    }

    /// Where in the file the person was.
    public var location: String
    /// The lead created or matched.
    public var leadID: Int64
    /// What happened to it.
    public var action: Action
    /// Conflicts opened for values that disagree with the lead's.
    public var conflicts: Int
    /// Fields without a conflict kind (status, manager, custom fields) whose differing value
    /// the lead kept.
    public var kept: [String]
    /// Whether the person had an email, phone or visitor key to match on, so that importing
    /// them again finds this lead; false for a name or title alone.
    public var canMatchAgain: Bool
}

/// What an import did.
public struct ImportReport: Sendable, Equatable {
    /// One outcome per person, in file order.
    public var outcomes: [ImportOutcome] = []
    /// Managers the import added because the file named them.
    public var managersAdded: [String] = []
    /// The history the file carries that the import does not bring (a JSON export's chats,
    /// calls, tasks, conflicts, notes and audit): only people are imported.
    public var historyLeftOut = ImportHistory()

    /// Leads created.
    public var created: Int { outcomes.count { $0.action == .created } }
    /// Leads that got new values.
    public var updated: Int { outcomes.count { $0.action == .updated } }
    /// Leads matched that already held everything.
    public var unchanged: Int { outcomes.count { $0.action == .unchanged } }
    /// Conflicts opened.
    public var conflicts: Int { outcomes.reduce(0) { $0 + $1.conflicts } }
    /// Leads created from people with nothing to match on (no email, phone or visitor key):
    /// importing the file again creates them again.
    public var unmatchable: Int { outcomes.count { $0.action == .created && !$0.canMatchAgain } }
}

/// The import use case: each person of a file matched, filled and disputed as ``ImportPlan``
/// decides (the rules webhooks follow), or created, in one transaction.
struct ImportLeads {
    /// The store: its settings, clock, audit, repositories and the use cases it composes.
    let store: Store

    /// Imports `records` (``Store/importRecords(_:managers:file:actor:dryRun:progress:)``),
    /// after checking every record's emails and phones: a file with any that is no email
    /// address or phone number imports nothing, and the error names each place.
    func run(
        _ records: [ImportRecord], managers: [(login: String, name: String)], file: String, actor: String,
        dryRun: Bool, progress: ((Int, Int) -> Void)?
    ) throws -> ImportReport {
        var refusals = ImportRefusals()
        let checked = records.map { $0.contacts(store.settings.normalizer, refusals: &refusals) }
        try refusals.check()
        let contacts = checked.compactMap { $0 }
        return try store.database.write(dryRun: dryRun) {
            var report = ImportReport()
            report.historyLeftOut = records.reduce(ImportHistory()) { $0 + $1.history }
            var managerIDs: [String: Int64] = [:]
            let names = Dictionary(
                managers.map { ($0.login.lowercased(), $0.name) }, uniquingKeysWith: { first, _ in first })
            for (index, record) in records.enumerated() {
                let managerID = try record.manager.map { login in
                    try manager(
                        login, name: names[login.lowercased()], cache: &managerIDs, report: &report, actor: actor)
                }
                let (emails, phones) = contacts[index]
                report.outcomes.append(
                    try importOne(
                        record, emails: emails, phones: phones, managerID: managerID, file: file, actor: actor))
                if let progress, (index + 1) % 1000 == 0 || index + 1 == records.count {
                    progress(index + 1, records.count)
                }
            }
            return report
        }
    }

    /// The id of manager `login`, added (and reported) when the store has none by that login.
    private func manager(
        _ login: String, name: String?, cache: inout [String: Int64], report: inout ImportReport, actor: String
    ) throws -> Int64 {
        let key = login.lowercased()
        if let id = cache[key] { return id }
        let id: Int64
        if let existing = try store.manager(login: login) {
            id = existing.id
        } else {
            id = try ManagerEditing(store: store).add(login: login, name: name ?? login, isDefault: false, actor: actor)
                .id
            report.managersAdded.append(login)
        }
        cache[key] = id
        return id
    }

    /// Imports one person, whose `emails` and `phones` are checked and each once: a new lead,
    /// or the matched one filled as ``ImportPlan`` decides.
    private func importOne(
        _ record: ImportRecord, emails: [ContactValue], phones: [ContactValue], managerID: Int64?, file: String,
        actor: String
    ) throws -> ImportOutcome {
        let now = store.clock()
        let conflictMark = try store.conflictRows.lastID()
        let leads = store.leadRepository
        let matches =
            try emails.map {
                ImportPlan.Match(field: .email, value: $0, lead: try leads.lead(for: .email($0.normalized)))
            }
            + phones.map {
                ImportPlan.Match(field: .phone, value: $0, lead: try leads.lead(for: .phone($0.normalized)))
            }
        guard let target = try ImportPlan.target(of: matches) ?? lead(byKeyOf: record) else {
            let id = try createLead(
                record, title: ImportPlan.newLeadTitle(record, emails: emails, phones: phones), emails: emails,
                phones: phones, managerID: managerID, now: now)
            try store.audit(actor: actor, lead: id, action: "import", detail: "created from \(file) \(record.location)")
            return ImportOutcome(
                location: record.location, leadID: id, action: .created, conflicts: 0, kept: [],
                canMatchAgain: record.canMatch)
        }
        let before = try store.requireLead(target)
        let plan = ImportPlan(record: record, matches: matches, lead: before, managerID: managerID)
        let source = "from \(file) \(record.location)"
        let visitorData = VisitorData(store: store)
        for other in plan.duplicates {
            try visitorData.openConflict(
                lead: target, field: .duplicate, current: "#\(target)", incoming: "#\(other)",
                normalized: "lead:\(other)", otherLead: other, eventID: nil, at: now, actor: actor)
        }
        try visitorData.apply(
            ImportPlan.visitor(of: record), to: target, excluding: [], eventID: nil, at: now, actor: actor)
        for fill in plan.fills {
            try store.contactLists.append(
                fill.field, lead: target, value: fill.value.value, normalized: fill.value.normalized)
            try store.audit(
                actor: actor, lead: target, action: "fill", field: fill.field.rawValue, after: fill.value.value,
                detail: source)
        }
        for (match, current) in plan.disputes {
            try visitorData.openConflict(
                lead: target, field: match.field, current: current, incoming: match.value.value,
                normalized: match.value.normalized, otherLead: nil, eventID: nil, at: now, actor: actor)
        }
        switch plan.link {
        case .fill(let link)?:
            try store.leadValues.set(.crmLink, lead: target, to: .text(link))
            try store.audit(actor: actor, lead: target, action: "fill", field: "crm_link", after: link, detail: source)
        case .conflict(let current, let incoming)?:
            try visitorData.openConflict(
                lead: target, field: .crmLink, current: current, incoming: incoming, normalized: incoming,
                otherLead: nil, eventID: nil, at: now, actor: actor)
        case nil: break
        }
        if let status = plan.status {
            try store.leadValues.set(.status, lead: target, to: .text(status.rawValue))
            try store.audit(
                actor: actor, lead: target, action: "status", field: "status", before: before.status.rawValue,
                after: status.rawValue, detail: source)
        }
        if plan.assignsManager, let managerID {
            try store.leadValues.set(.manager, lead: target, to: .integer(managerID))
            try store.audit(
                actor: actor, lead: target, action: "assign", field: "manager", after: record.manager,
                detail: "rule: import")
        }
        for (position, field) in plan.newFields {
            try store.customFields.insert(field, lead: target, at: position)
            try store.audit(
                actor: actor, lead: target, action: "field", field: field.title, after: field.content, detail: source)
        }
        if let utm = plan.utm {
            try store.leadValues.set(.utm, lead: target, to: .text(Store.json(utm)))
        }
        if plan.changesLead {
            try store.bumpVersion(target)
            try store.refreshSearch(target)
        }
        let after = try store.requireLead(target)
        let conflicts = try store.conflictRows.count(after: conflictMark)
        try store.audit(actor: actor, lead: target, action: "import", detail: "matched by \(file) \(record.location)")
        return ImportOutcome(
            location: record.location, leadID: target, action: after.version != before.version ? .updated : .unchanged,
            conflicts: conflicts, kept: plan.kept, canMatchAgain: true)
    }

    /// The lead that remembers one of `record`'s keys (user token, visitor number, client id,
    /// in that order), for a person whose emails and phones matched no lead (mostly a visitor
    /// who gave none).
    private func lead(byKeyOf record: ImportRecord) throws -> Int64? {
        for key in record.keys {
            if let lead = try store.leadRepository.lead(for: key) { return lead }
        }
        return nil
    }

    /// Creates the lead for a person nothing matched, with their contacts, fields and keys.
    private func createLead(
        _ record: ImportRecord, title: String, emails: [ContactValue], phones: [ContactValue], managerID: Int64?,
        now: Int64
    ) throws -> Int64 {
        let id = try store.leadValues.createImported(record, title: title, managerID: managerID, at: now)
        try store.leadRepository.remember(record.keys, lead: id)
        try store.contactLists.insert(.email, lead: id, values: emails)
        try store.contactLists.insert(.phone, lead: id, values: phones)
        for (position, field) in record.fields.enumerated() {
            try store.customFields.insert(field, lead: id, at: position)
        }
        try store.refreshSearch(id)
        return id
    }
}
