import CRMCore
import JivoProtocol

extension Store {
    /// Lead `id`, or a not-found error naming it.
    func requireLead(_ id: Int64) throws -> Lead {
        guard let lead = try lead(id) else {
            throw CRMError.notFound("there is no lead #\(id); `jivocrm leads` lists them")
        }
        return lead
    }

    /// Applies an operator's edit of contact data and crm_link. Fails without changing
    /// anything when the edit breaks ``ContactLimits`` (saying every problem), or, with
    /// `expectedVersion`, when the lead changed since the operator read it.
    @discardableResult
    public func edit(
        _ id: Int64, _ edit: ContactEdit, actor: String, expectedVersion: Int64? = nil
    ) throws -> Lead {
        let problems = edit.problems(normalizer: settings.normalizer)
        guard problems.isEmpty else {
            throw CRMError.invalidArgument(problems.joined(separator: "; ") + "; nothing was changed")
        }
        return try applyEdit(id, edit, actor: actor, expectedVersion: expectedVersion)
    }

    /// Applies `edit` without judging it against ``ContactLimits``: for values another lead
    /// already holds (a merge's chosen values), which may predate the limits.
    @discardableResult
    func applyEdit(_ id: Int64, _ edit: ContactEdit, actor: String, expectedVersion: Int64? = nil) throws -> Lead {
        try operation(lead: id, actor: actor) {
            let lead = try requireLead(id)
            if let expectedVersion, expectedVersion != lead.version {
                throw CRMError.conflict(
                    "lead #\(id) changed since it was opened (version \(expectedVersion), now \(lead.version)); "
                        + "reload it and apply the edit again")
            }
            var changed = false
            for (field, value, current) in [
                ("name", edit.name, lead.name), ("description", edit.description, lead.description),
            ] {
                guard let value = value?.trimmingWhitespace, value != current else { continue }
                if field == "name" { try titleFollowsName(lead, name: value, actor: actor) }
                try database.run("UPDATE leads SET \(field) = ? WHERE id = ?", [.text(value), .integer(id)])
                try audit(actor: actor, lead: id, action: "edit", field: field, before: current, after: value)
                changed = true
            }
            if let link = edit.crmLink?.trimmingWhitespace, link != (lead.crmLink ?? "") {
                try database.run(
                    "UPDATE leads SET crm_link = ? WHERE id = ?", [link.isEmpty ? .null : .text(link), .integer(id)])
                try audit(actor: actor, lead: id, action: "edit", field: "crm_link", before: lead.crmLink, after: link)
                changed = true
            }
            if let email = edit.email {
                changed =
                    try setPrimary(
                        "lead_emails", field: "email", lead: id, current: lead.emails, raw: email,
                        normalized: email.trimmingWhitespace.isEmpty ? "" : try validEmail(email), actor: actor)
                    || changed
            }
            if let phone = edit.phone {
                changed =
                    try setPrimary(
                        "lead_phones", field: "phone", lead: id, current: lead.phones, raw: phone,
                        normalized: phone.trimmingWhitespace.isEmpty ? "" : try validPhone(phone), actor: actor)
                    || changed
            }
            if changed {
                try bumpVersion(id)
                try refreshSearch(id)
            }
            return try requireLead(id)
        }
    }

    func validEmail(_ raw: String) throws -> String {
        guard let normalized = settings.normalizer.email(raw) else {
            throw CRMError.invalidArgument(
                "the email given is not an email address (expected name@domain); correct it and try again")
        }
        return normalized
    }

    func validPhone(_ raw: String) throws -> String {
        guard let normalized = settings.normalizer.phone(raw) else {
            throw CRMError.invalidArgument(
                "the phone given is not a phone number (expected 5 to 15 digits, e.g. +1 408 498-7855); correct it and try again"
            )
        }
        return normalized
    }

    /// Makes `raw` the primary value of a contact list: replaces the current primary (or, if
    /// the value is already on the lead, moves it first). An empty value removes the primary.
    private func setPrimary(
        _ table: String, field: String, lead: Int64, current: [ContactValue], raw: String,
        normalized: String, actor: String
    ) throws -> Bool {
        let value = raw.trimmingWhitespace
        let before = current.first
        if value.isEmpty {
            guard let before else { return false }
            try database.run(
                "DELETE FROM \(table) WHERE lead_id = ? AND normalized = ?", [.integer(lead), .text(before.normalized)])
            try audit(actor: actor, lead: lead, action: "edit", field: field, before: before.value, after: "")
            return true
        }
        guard before?.value != value || before?.normalized != normalized else { return false }
        if let before, before.normalized != normalized {
            try database.run(
                "DELETE FROM \(table) WHERE lead_id = ? AND normalized = ?", [.integer(lead), .text(before.normalized)])
        }
        try database.run(
            "DELETE FROM \(table) WHERE lead_id = ? AND normalized = ?", [.integer(lead), .text(normalized)])
        try database.run(
            "INSERT INTO \(table)(lead_id, position, value, normalized) VALUES (?, (SELECT coalesce(min(position), 1) - 1 FROM \(table) WHERE lead_id = ?), ?, ?)",
            [.integer(lead), .integer(lead), .text(value), .text(normalized)])
        try audit(actor: actor, lead: lead, action: "edit", field: field, before: before?.value, after: value)
        return true
    }

    /// Sets (adds or replaces, by title) an operator custom_data field.
    public func setField(_ id: Int64, _ field: LeadField, actor: String) throws {
        guard !field.title.trimmingWhitespace.isEmpty else {
            throw CRMError.invalidArgument("a custom field needs a title (TITLE=CONTENT)")
        }
        let problems = ContactLimits.fieldProblems(
            title: field.title, content: field.content, link: field.link, key: field.key)
        guard problems.isEmpty else {
            throw CRMError.invalidArgument(problems.joined(separator: "; ") + "; nothing was changed")
        }
        try operation(lead: id, actor: actor) {
            let lead = try requireLead(id)
            let values: [SQLValue] = [.text(field.content), SQLValue(field.link), SQLValue(field.key)]
            if let index = lead.fields.firstIndex(where: { $0.title.lowercased() == field.title.lowercased() }) {
                try database.run(
                    "UPDATE lead_fields SET content = ?, link = ?, key = ?, title = ? WHERE lead_id = ? AND position = ?",
                    values + [.text(field.title), .integer(id), .integer(Int64(index))])
                try audit(
                    actor: actor, lead: id, action: "field", field: field.title, before: lead.fields[index].content,
                    after: field.content)
            } else {
                try database.run(
                    "INSERT INTO lead_fields(content, link, key, title, lead_id, position) VALUES (?, ?, ?, ?, ?, ?)",
                    values + [.text(field.title), .integer(id), .integer(Int64(lead.fields.count))])
                try audit(actor: actor, lead: id, action: "field", field: field.title, after: field.content)
            }
            try bumpVersion(id)
        }
    }

    /// Removes the custom field titled `title`.
    public func removeField(_ id: Int64, title: String, actor: String) throws {
        try operation(lead: id, actor: actor) {
            let lead = try requireLead(id)
            guard let index = lead.fields.firstIndex(where: { $0.title.lowercased() == title.lowercased() }) else {
                throw CRMError.notFound(
                    "lead #\(id) has no custom field titled '\(title)'"
                        + (lead.fields.isEmpty ? "" : "; it has: " + lead.fields.map(\.title).joined(separator: ", ")))
            }
            var fields = lead.fields
            let removed = fields.remove(at: index)
            try replaceFields(id, fields)
            try audit(
                actor: actor, lead: id, action: "field", field: removed.title, before: removed.content, after: nil,
                detail: "removed")
            try bumpVersion(id)
        }
    }

    /// Moves the custom field at `from` to position `to` (0-based).
    public func moveField(_ id: Int64, from: Int, to: Int, actor: String) throws {
        try operation(lead: id, actor: actor) {
            let lead = try requireLead(id)
            guard lead.fields.indices.contains(from), lead.fields.indices.contains(to) else {
                throw CRMError.invalidArgument(
                    "lead #\(id) has \(lead.fields.count) custom fields; positions run from 0")
            }
            var fields = lead.fields
            fields.insert(fields.remove(at: from), at: to)
            try replaceFields(id, fields)
            try audit(
                actor: actor, lead: id, action: "field", field: fields[to].title,
                detail: "moved from \(from + 1) to \(to + 1)")
            try bumpVersion(id)
        }
    }

    private func replaceFields(_ id: Int64, _ fields: [LeadField]) throws {
        try database.run("DELETE FROM lead_fields WHERE lead_id = ?", [.integer(id)])
        for (position, field) in fields.enumerated() {
            try database.run(
                "INSERT INTO lead_fields(lead_id, position, title, content, link, key) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    .integer(id), .integer(Int64(position)), .text(field.title), .text(field.content),
                    SQLValue(field.link), SQLValue(field.key),
                ])
        }
    }

    /// Sets a lead's triage status.
    public func setStatus(_ id: Int64, _ status: LeadStatus, actor: String) throws {
        try operation(lead: id, actor: actor) {
            let lead = try requireLead(id)
            guard lead.status != status else { return }
            try database.run("UPDATE leads SET status = ? WHERE id = ?", [.text(status.rawValue), .integer(id)])
            try audit(
                actor: actor, lead: id, action: "status", field: "status", before: lead.status.rawValue,
                after: status.rawValue)
            try bumpVersion(id)
        }
    }

    /// Makes the active manager `login` responsible for the lead (and its open tasks).
    public func assign(_ id: Int64, login: String, actor: String) throws {
        try operation(lead: id, actor: actor) {
            let lead = try requireLead(id)
            guard let manager = try manager(login: login), manager.isActive else {
                let active = try managers().filter(\.isActive).map(\.login)
                throw CRMError.notFound(
                    "no active manager with login '\(login)'; "
                        + (active.isEmpty
                            ? "add one with `jivocrm managers add LOGIN --name NAME`"
                            : "active: " + active.joined(separator: ", ")))
            }
            guard lead.manager?.id != manager.id else { return }
            try database.run("UPDATE leads SET manager_id = ? WHERE id = ?", [.integer(manager.id), .integer(id)])
            try database.run(
                "UPDATE tasks SET assignee_id = ? WHERE lead_id = ? AND status = 'open'",
                [.integer(manager.id), .integer(id)])
            try audit(
                actor: actor, lead: id, action: "assign", field: "manager", before: lead.manager?.login,
                after: manager.login, detail: "rule: operator")
            try bumpVersion(id)
        }
    }

    /// Adds a manager, or updates the name and default flag of an existing one (reactivating it).
    /// Making one the default clears the flag on the others.
    @discardableResult
    public func addManager(login: String, name: String, isDefault: Bool, actor: String) throws -> Manager {
        let login = login.trimmingWhitespace
        guard !login.isEmpty, !login.contains(where: \.isWhitespace) else {
            throw CRMError.invalidArgument("a manager's login is one word, usually their JivoChat email")
        }
        return try database.write {
            if isDefault { try database.run("UPDATE managers SET is_default = 0") }
            try database.run(
                """
                INSERT INTO managers(login, name, is_default, active, created_at) VALUES (?, ?, ?, 1, ?)
                ON CONFLICT(login) DO UPDATE SET name = excluded.name, active = 1,
                    is_default = excluded.is_default OR (managers.is_default AND NOT ?)
                """,
                [
                    .text(login), .text(name.isEmpty ? login : name), SQLValue(isDefault), .integer(clock()),
                    SQLValue(isDefault),
                ])
            try audit(
                actor: actor, lead: nil, action: "manager", field: login, after: name,
                detail: isDefault ? "default" : nil)
            guard let manager = try manager(login: login) else {
                throw StoreError(kind: .other, message: "the manager '\(login)' was not saved")
            }
            return manager
        }
    }

    /// Deactivates a manager: they keep their leads but get no new ones.
    public func deactivateManager(login: String, actor: String) throws {
        try database.write {
            guard try manager(login: login) != nil else {
                throw CRMError.notFound("no manager with login '\(login)'; `jivocrm managers list` shows them")
            }
            try database.run("UPDATE managers SET active = 0, is_default = 0 WHERE login = ?", [.text(login)])
            try audit(actor: actor, lead: nil, action: "manager", field: login, detail: "deactivated")
        }
    }

    /// Marks a task done.
    public func completeTask(_ id: Int64, actor: String) throws {
        try operation(lead: try taskLead(id), actor: actor) {
            guard
                let task = try database.first(
                    "SELECT lead_id, status FROM tasks WHERE id = ?", [.integer(id)], { ($0.int(0), $0.text(1)) })
            else {
                throw CRMError.notFound("there is no task #\(id); `jivocrm tasks --open` lists them")
            }
            guard task.1 == "open" else { throw CRMError.conflict("task #\(id) is already done") }
            try database.run(
                "UPDATE tasks SET status = 'done', done_at = ?, done_by = ? WHERE id = ?",
                [.integer(clock()), .text(actor), .integer(id)])
            try audit(actor: actor, lead: task.0, action: "task", detail: "task #\(id) done")
        }
    }

    /// Adds a note to a lead's timeline; returns the note's id.
    @discardableResult
    public func addNote(_ id: Int64, text: String, actor: String) throws -> Int64 {
        let text = text.trimmingWhitespace
        guard !text.isEmpty else { throw CRMError.invalidArgument("a note needs some text") }
        return try operation(lead: id, actor: actor) {
            _ = try requireLead(id)
            try database.run(
                "INSERT INTO notes(lead_id, at, author, text) VALUES (?, ?, ?, ?)",
                [.integer(id), .integer(clock()), .text(actor), .text(text)])
            let note = database.lastInsertID
            try audit(actor: actor, lead: id, action: "note", detail: "note #\(note) added")
            try touchActivity(id, at: clock())
            return note
        }
    }

    /// Marks the lead's chats read (the console opened its transcript).
    public func markRead(_ id: Int64) throws {
        try database.write {
            try database.run("UPDATE chats SET unread = 0 WHERE lead_id = ? AND unread = 1", [.integer(id)])
        }
    }
}
