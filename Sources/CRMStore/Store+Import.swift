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
}

/// What an import did.
public struct ImportReport: Sendable, Equatable {
    /// One outcome per person, in file order.
    public var outcomes: [ImportOutcome] = []
    /// Managers the import added because the file named them.
    public var managersAdded: [String] = []

    /// Leads created.
    public var created: Int { outcomes.count { $0.action == .created } }
    /// Leads that got new values.
    public var updated: Int { outcomes.count { $0.action == .updated } }
    /// Leads matched that already held everything.
    public var unchanged: Int { outcomes.count { $0.action == .unchanged } }
    /// Conflicts opened.
    public var conflicts: Int { outcomes.reduce(0) { $0 + $1.conflicts } }
}

extension Store {
    private struct DryRunRollback: Error {
        let report: ImportReport
    }

    /// Imports people as leads in one transaction, under the rules webhooks follow: a person
    /// is matched by email, then phone; a match gets values for its empty fields and conflicts
    /// for differing ones (never an overwrite); anyone unmatched becomes a lead with source
    /// `import` and status `unsorted` unless the file gives one. Managers the file names that
    /// do not exist are added (`managers` gives their names). Each person is audited with
    /// `actor` and `file` and its place in the file. A bad person stops the import with its
    /// place and the reason, and nothing is imported; with `dryRun` nothing is kept either.
    public func importRecords(
        _ records: [ImportRecord], managers: [(login: String, name: String)] = [], file: String, actor: String,
        dryRun: Bool = false, progress: ((Int, Int) -> Void)? = nil
    ) throws -> ImportReport {
        do {
            return try database.write {
                var report = ImportReport()
                var managerIDs: [String: Int64] = [:]
                let names = Dictionary(
                    managers.map { ($0.login.lowercased(), $0.name) }, uniquingKeysWith: { first, _ in first })
                for (index, record) in records.enumerated() {
                    let managerID = try record.manager.map { login in
                        try importManager(
                            login, name: names[login.lowercased()], cache: &managerIDs, report: &report, actor: actor)
                    }
                    report.outcomes.append(try importOne(record, managerID: managerID, file: file, actor: actor))
                    if let progress, (index + 1) % 1000 == 0 || index + 1 == records.count {
                        progress(index + 1, records.count)
                    }
                }
                if dryRun { throw DryRunRollback(report: report) }
                return report
            }
        } catch let rollback as DryRunRollback {
            return rollback.report
        }
    }

    private func importManager(
        _ login: String, name: String?, cache: inout [String: Int64], report: inout ImportReport, actor: String
    ) throws -> Int64 {
        let key = login.lowercased()
        if let id = cache[key] { return id }
        let id: Int64
        if let existing = try manager(login: login) {
            id = existing.id
        } else {
            id = try addManager(login: login, name: name ?? login, isDefault: false, actor: actor).id
            report.managersAdded.append(login)
        }
        cache[key] = id
        return id
    }

    private func importOne(_ record: ImportRecord, managerID: Int64?, file: String, actor: String) throws
        -> ImportOutcome
    {
        let normalizer = settings.normalizer
        let emails = try ImportPlan.uniqueContacts(
            record.emails, at: record.location, "email", expected: "an email address (name@domain)", normalizer.email)
        let phones = try ImportPlan.uniqueContacts(
            record.phones, at: record.location, "phone", expected: "a phone number (5 to 15 digits)", normalizer.phone)
        let now = clock()
        let conflictMark = try database.scalar("SELECT coalesce(max(id), 0) FROM conflicts") ?? 0
        let matches =
            try emails.map { ImportPlan.Match(field: .email, value: $0, lead: try importMatch("lead_emails", $0)) }
            + phones.map { ImportPlan.Match(field: .phone, value: $0, lead: try importMatch("lead_phones", $0)) }
        guard let target = ImportPlan.target(of: matches) else {
            let id = try createImported(
                record, title: ImportPlan.newLeadTitle(record, emails: emails, phones: phones), emails: emails,
                phones: phones, managerID: managerID, now: now)
            try audit(actor: actor, lead: id, action: "import", detail: "created from \(file) \(record.location)")
            return ImportOutcome(location: record.location, leadID: id, action: .created, conflicts: 0, kept: [])
        }
        let before = try requireLead(target)
        let plan = ImportPlan(record: record, matches: matches, lead: before, managerID: managerID)
        let source = "from \(file) \(record.location)"
        for other in plan.duplicates {
            try openConflict(
                lead: target, field: .duplicate, current: "#\(target)", incoming: "#\(other)",
                normalized: "lead:\(other)", otherLead: other, eventID: nil, at: now, actor: actor)
        }
        let visitor = Visitor(
            name: record.name.isEmpty ? nil : record.name,
            description: record.description.isEmpty ? nil : record.description)
        try applyVisitor(visitor, to: target, excluding: [], eventID: nil, at: now, actor: actor)
        for fill in plan.fills {
            try addContact(
                fill.field == .email ? "lead_emails" : "lead_phones", lead: target, value: fill.value.value,
                normalized: fill.value.normalized)
            try audit(
                actor: actor, lead: target, action: "fill", field: fill.field.rawValue, after: fill.value.value,
                detail: source)
        }
        for (match, current) in plan.disputes {
            try openConflict(
                lead: target, field: match.field, current: current, incoming: match.value.value,
                normalized: match.value.normalized, otherLead: nil, eventID: nil, at: now, actor: actor)
        }
        switch plan.link {
        case .fill(let link)?:
            try leadValues.set(.crmLink, lead: target, to: .text(link))
            try audit(actor: actor, lead: target, action: "fill", field: "crm_link", after: link, detail: source)
        case .conflict(let current, let incoming)?:
            try openConflict(
                lead: target, field: .crmLink, current: current, incoming: incoming, normalized: incoming,
                otherLead: nil, eventID: nil, at: now, actor: actor)
        case nil: break
        }
        if let status = plan.status {
            try leadValues.set(.status, lead: target, to: .text(status.rawValue))
            try audit(
                actor: actor, lead: target, action: "status", field: "status", before: before.status.rawValue,
                after: status.rawValue, detail: source)
        }
        if plan.assignsManager, let managerID {
            try leadValues.set(.manager, lead: target, to: .integer(managerID))
            try audit(
                actor: actor, lead: target, action: "assign", field: "manager", after: record.manager,
                detail: "rule: import")
        }
        for (position, field) in plan.newFields {
            try customFields.insert(field, lead: target, at: position)
            try audit(
                actor: actor, lead: target, action: "field", field: field.title, after: field.content, detail: source)
        }
        if let utm = plan.utm {
            try leadValues.set(.utm, lead: target, to: .text(Store.json(utm)))
        }
        if plan.changesLead {
            try bumpVersion(target)
            try refreshSearch(target)
        }
        let after = try requireLead(target)
        let conflicts = Int(
            try database.scalar("SELECT count(*) FROM conflicts WHERE id > ?", [.integer(conflictMark)]) ?? 0)
        try audit(actor: actor, lead: target, action: "import", detail: "matched by \(file) \(record.location)")
        return ImportOutcome(
            location: record.location, leadID: target, action: after.version != before.version ? .updated : .unchanged,
            conflicts: conflicts, kept: plan.kept)
    }

    private func importMatch(_ table: String, _ contact: ContactValue) throws -> Int64? {
        try database.scalar(
            "SELECT c.lead_id FROM \(table) c WHERE c.normalized = ? "
                + "AND (SELECT l.merged_into FROM leads l WHERE l.id = c.lead_id) IS NULL ORDER BY c.lead_id LIMIT 1",
            [.text(contact.normalized)])
    }

    private func createImported(
        _ record: ImportRecord, title: String, emails: [ContactValue], phones: [ContactValue], managerID: Int64?,
        now: Int64
    ) throws -> Int64 {
        try database.run(
            """
            INSERT INTO leads(title, status, name, description, crm_link, manager_id, source, utm, created_at,
                updated_at, last_activity_at) VALUES (?, ?, ?, ?, ?, ?, 'import', ?, ?, ?, ?)
            """,
            [
                .text(title), .text((record.status ?? .unsorted).rawValue),
                .text(record.name), .text(record.description), SQLValue(record.crmLink), SQLValue(managerID),
                .text(Store.json(record.utm)), .integer(now), .integer(now), .integer(now),
            ])
        let id = database.lastInsertID
        for (table, values) in [("lead_emails", emails), ("lead_phones", phones)] {
            for (position, value) in values.enumerated() {
                try database.run(
                    "INSERT INTO \(table)(lead_id, position, value, normalized) VALUES (?, ?, ?, ?)",
                    [.integer(id), .integer(Int64(position)), .text(value.value), .text(value.normalized)])
            }
        }
        for (position, field) in record.fields.enumerated() {
            try customFields.insert(field, lead: id, at: position)
        }
        try refreshSearch(id)
        return id
    }
}
