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
        let emails = try uniqueContacts(
            record.emails, record.location, "email", "an email address (name@domain)", settings.normalizer.email)
        let phones = try uniqueContacts(
            record.phones, record.location, "phone", "a phone number (5 to 15 digits)", settings.normalizer.phone)
        let now = clock()
        let conflictMark = try database.scalar("SELECT coalesce(max(id), 0) FROM conflicts") ?? 0
        var matches: [(ContactField, ContactValue, Int64?)] = []
        for email in emails { matches.append((.email, email, try importMatch("lead_emails", email.normalized))) }
        for phone in phones { matches.append((.phone, phone, try importMatch("lead_phones", phone.normalized))) }
        guard
            let target = matches.first(where: { $0.0 == .email && $0.2 != nil })?.2
                ?? matches.first(where: { $0.2 != nil })?.2
        else {
            let id = try createImported(record, emails: emails, phones: phones, managerID: managerID, now: now)
            try audit(actor: actor, lead: id, action: "import", detail: "created from \(file) \(record.location)")
            return ImportOutcome(location: record.location, leadID: id, action: .created, conflicts: 0, kept: [])
        }
        let before = try requireLead(target)
        var kept: [String] = []
        for (_, _, other) in matches {
            guard let other, other != target else { continue }
            try openConflict(
                lead: target, field: .duplicate, current: "#\(target)", incoming: "#\(other)",
                normalized: "lead:\(other)",
                otherLead: other, eventID: nil, at: now, actor: actor)
        }
        let free = matches.filter { $0.2 == nil }
        let visitor = Visitor(
            name: record.name.isEmpty ? nil : record.name,
            description: record.description.isEmpty ? nil : record.description)
        try applyVisitor(visitor, to: target, excluding: [], eventID: nil, at: now, actor: actor)
        var changed = false
        for (field, table, current) in [
            (ContactField.email, "lead_emails", before.emails), (.phone, "lead_phones", before.phones),
        ] {
            let incoming = free.filter { $0.0 == field }.map(\.1)
            for value in incoming {
                if current.isEmpty {
                    try addContact(table, lead: target, value: value.value, normalized: value.normalized)
                    try audit(
                        actor: actor, lead: target, action: "fill", field: field.rawValue, after: value.value,
                        detail: "from \(file) \(record.location)")
                    changed = true
                } else {
                    try openConflict(
                        lead: target, field: field, current: current[0].value, incoming: value.value,
                        normalized: value.normalized, otherLead: nil, eventID: nil, at: now, actor: actor)
                }
            }
        }
        if let link = record.crmLink {
            if before.crmLink == nil {
                try database.run("UPDATE leads SET crm_link = ? WHERE id = ?", [.text(link), .integer(target)])
                try audit(
                    actor: actor, lead: target, action: "fill", field: "crm_link", after: link,
                    detail: "from \(file) \(record.location)")
                changed = true
            } else if before.crmLink != link {
                try openConflict(
                    lead: target, field: .crmLink, current: before.crmLink ?? "", incoming: link, normalized: link,
                    otherLead: nil, eventID: nil, at: now, actor: actor)
            }
        }
        if let status = record.status, status != before.status {
            if before.status == .unsorted {
                try database.run(
                    "UPDATE leads SET status = ? WHERE id = ?", [.text(status.rawValue), .integer(target)])
                try audit(
                    actor: actor, lead: target, action: "status", field: "status", before: before.status.rawValue,
                    after: status.rawValue, detail: "from \(file) \(record.location)")
                changed = true
            } else {
                kept.append("status")
            }
        }
        if let managerID, before.manager?.id != managerID {
            if before.manager == nil {
                try database.run(
                    "UPDATE leads SET manager_id = ? WHERE id = ?", [.integer(managerID), .integer(target)])
                try audit(
                    actor: actor, lead: target, action: "assign", field: "manager", after: record.manager,
                    detail: "rule: import")
                changed = true
            } else {
                kept.append("manager")
            }
        }
        var position = Int64(before.fields.count)
        for field in record.fields {
            if let existing = before.fields.first(where: { $0.title.lowercased() == field.title.lowercased() }) {
                if existing.content != field.content { kept.append(field.title) }
                continue
            }
            try database.run(
                "INSERT INTO lead_fields(lead_id, position, title, content, link, key) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    .integer(target), .integer(position), .text(field.title), .text(field.content),
                    SQLValue(field.link), SQLValue(field.key),
                ])
            try audit(
                actor: actor, lead: target, action: "field", field: field.title, after: field.content,
                detail: "from \(file) \(record.location)")
            position += 1
            changed = true
        }
        if before.utm.isEmpty && !record.utm.isEmpty {
            try database.run(
                "UPDATE leads SET utm = ? WHERE id = ?", [.text(Store.json(record.utm)), .integer(target)])
            changed = true
        }
        if changed {
            try bumpVersion(target)
            try refreshSearch(target)
        }
        let after = try requireLead(target)
        let conflicts = Int((try database.scalar("SELECT coalesce(max(id), 0) FROM conflicts") ?? 0) - conflictMark)
        try audit(actor: actor, lead: target, action: "import", detail: "matched by \(file) \(record.location)")
        return ImportOutcome(
            location: record.location, leadID: target, action: after.version != before.version ? .updated : .unchanged,
            conflicts: conflicts, kept: kept)
    }

    /// The record's emails or phones, each once, with their matching forms; an invalid one
    /// stops the import (the message names the place, never the value).
    private func uniqueContacts(
        _ values: [String], _ location: String, _ what: String, _ expected: String, _ normalize: (String) -> String?
    ) throws -> [ContactValue] {
        var result: [ContactValue] = []
        for value in values {
            guard let normalized = normalize(value) else {
                throw CRMError.invalidArgument(
                    "\(location): a \(what) is not \(expected); correct it or remove it and import again")
            }
            if !result.contains(where: { $0.normalized == normalized }) {
                result.append(ContactValue(value: value.trimmingWhitespace, normalized: normalized))
            }
        }
        return result
    }

    private func importMatch(_ table: String, _ normalized: String) throws -> Int64? {
        try database.scalar(
            "SELECT c.lead_id FROM \(table) c JOIN leads l ON l.id = c.lead_id "
                + "WHERE c.normalized = ? AND l.merged_into IS NULL ORDER BY c.lead_id LIMIT 1",
            [.text(normalized)])
    }

    private func createImported(
        _ record: ImportRecord, emails: [ContactValue], phones: [ContactValue], managerID: Int64?, now: Int64
    ) throws -> Int64 {
        let who = record.name.isEmpty ? (emails.first?.value ?? phones.first?.value ?? "") : record.name
        try database.run(
            """
            INSERT INTO leads(title, status, name, description, crm_link, manager_id, source, utm, created_at,
                updated_at, last_activity_at) VALUES (?, ?, ?, ?, ?, ?, 'import', ?, ?, ?, ?)
            """,
            [
                .text(record.title ?? "Import - \(who)"), .text((record.status ?? .unsorted).rawValue),
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
            try database.run(
                "INSERT INTO lead_fields(lead_id, position, title, content, link, key) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    .integer(id), .integer(Int64(position)), .text(field.title), .text(field.content),
                    SQLValue(field.link), SQLValue(field.key),
                ])
        }
        try refreshSearch(id)
        return id
    }
}
