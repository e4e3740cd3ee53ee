import CRMCore
import JivoProtocol

extension Store {
    /// Settles an open conflict.
    ///
    /// - Name, description, crm_link: keep the current value or take the incoming one.
    /// - Email, phone: as above, or keep both (the incoming becomes an additional value), or
    ///   split (the visitor becomes a new lead holding the incoming value, with the chat and
    ///   visitor keys of the event it came from).
    /// - Duplicate leads: keep both leads apart (keep-current or keep-both), or take the
    ///   incoming lead into this one (a merge).
    /// Returns the id of the lead a split created, if one did.
    @discardableResult
    public func resolve(_ conflictID: Int64, _ resolution: Resolution, actor: String) throws -> Int64? {
        try resolveOperation(conflictID, resolution, actor: actor) {
            guard let conflict = try conflict(conflictID) else {
                throw CRMError.notFound("there is no conflict #\(conflictID); `jivocrm conflicts` lists the open ones")
            }
            guard conflict.status == "open" else {
                throw CRMError.conflict("conflict #\(conflictID) was already resolved (\(conflict.resolution ?? "?"))")
            }
            guard let field = ContactField(rawValue: conflict.field) else {
                throw CRMError.invalidArgument("conflict #\(conflictID) is about an unknown field '\(conflict.field)'")
            }
            var created: Int64?
            switch (field, resolution) {
            case (_, .keepCurrent), (.duplicate, .keepBoth):
                break
            case (.name, .takeIncoming), (.description, .takeIncoming):
                try database.run(
                    "UPDATE leads SET \(field.rawValue) = ? WHERE id = ?",
                    [.text(conflict.incoming), .integer(conflict.leadID)])
            case (.crmLink, .takeIncoming):
                try database.run(
                    "UPDATE leads SET crm_link = ? WHERE id = ?", [.text(conflict.incoming), .integer(conflict.leadID)])
            case (.email, .takeIncoming), (.phone, .takeIncoming):
                try replaceContact(field, lead: conflict.leadID, current: conflict.current, incoming: conflict.incoming)
            case (.email, .keepBoth), (.phone, .keepBoth):
                let table = field == .email ? "lead_emails" : "lead_phones"
                try addContact(
                    table, lead: conflict.leadID, value: conflict.incoming,
                    normalized: try normalized(field, conflict.incoming))
            case (.email, .split), (.phone, .split), (.name, .split):
                created = try split(conflict, field: field, actor: actor)
                try database.run(
                    "UPDATE conflicts SET split_into = ? WHERE id = ?", [SQLValue(created), .integer(conflictID)])
            case (.duplicate, .takeIncoming):
                guard let pair = try duplicatePair(conflict) else {
                    throw CRMError.conflict(
                        "the other lead of conflict #\(conflictID) no longer exists; keep the current lead")
                }
                try merge(pair.absorbed, into: pair.survivor, actor: actor)
            default:
                let allowed: [Resolution] =
                    switch field {
                    case .email, .phone: Resolution.allCases
                    case .name: [.keepCurrent, .takeIncoming, .split]
                    case .duplicate: [.keepCurrent, .takeIncoming, .keepBoth]
                    case .description, .crmLink: [.keepCurrent, .takeIncoming]
                    }
                throw CRMError.invalidArgument(
                    "--\(resolution.rawValue) does not apply to a \(field.rawValue) conflict; use "
                        + allowed.map { "--\($0.rawValue)" }.joined(separator: " or "))
            }
            try database.run(
                "UPDATE conflicts SET status = 'resolved', resolution = ?, resolved_at = ?, resolved_by = ? WHERE id = ?",
                [.text(resolution.rawValue), .integer(clock()), .text(actor), .integer(conflictID)])
            try audit(
                actor: actor, lead: conflict.leadID, action: "resolve", field: field.rawValue, before: conflict.current,
                after: conflict.incoming,
                detail: "conflict #\(conflictID): \(resolution.rawValue)"
                    + (created.map { ", new lead #\($0)" } ?? ""))
            try bumpVersion(conflict.leadID)
            try refreshSearch(conflict.leadID)
            return created
        }
    }

    /// The two leads of a duplicate conflict as a merge takes them: the older one (created
    /// first) survives and the newer joins it, whichever the visitor's email matched; nil when
    /// the other lead is gone.
    public func duplicatePair(_ conflict: ConflictRecord) throws -> (survivor: Int64, absorbed: Int64)? {
        guard let otherID = conflict.otherLeadID, let other = try lead(otherID), let this = try lead(conflict.leadID)
        else { return nil }
        return (this.createdAt, this.id) <= (other.createdAt, other.id) ? (this.id, other.id) : (other.id, this.id)
    }

    /// The split conflict behind lead `id` that can be undone, if any: the latest conflict
    /// resolved by splitting that created `id`, or that split a lead off `id`.
    public func undoableSplit(lead id: Int64) throws -> ConflictRecord? {
        let conflictID = try database.first(
            "SELECT c.id FROM conflicts c JOIN leads n ON n.id = c.split_into "
                + "WHERE c.resolution = 'split' AND n.merged_into IS NULL AND (c.split_into = ?1 OR c.lead_id = ?1) "
                + "ORDER BY c.resolved_at DESC, c.id DESC LIMIT 1", [.integer(id)]
        ) { $0.int(0) }
        return try conflictID.flatMap(conflict)
    }

    /// The latest split by `actor` that can still be undone, and when it was made.
    public func latestSplit(by actor: String) throws -> (conflict: Int64, at: Int64)? {
        try database.first(
            "SELECT c.id, c.resolved_at FROM conflicts c JOIN leads n ON n.id = c.split_into "
                + "WHERE c.resolution = 'split' AND c.resolved_by = ? AND n.merged_into IS NULL "
                + "ORDER BY c.resolved_at DESC, c.id DESC LIMIT 1", [.text(actor)]
        ) { ($0.int(0), $0.int(1)) }
    }

    /// Undoes the split that resolved conflict `conflictID`: the lead it created joins the
    /// original again (a merge, audited, with everything that lead gathered since), and the
    /// conflict is open again. Returns the lead that went back.
    @discardableResult
    public func unsplit(_ conflictID: Int64, actor: String) throws -> Int64 {
        try database.write {
            let created = try database.first(
                "SELECT split_into FROM conflicts WHERE id = ? AND resolution = 'split'", [.integer(conflictID)]
            ) { $0.optionalInt(0) }
            guard let conflict = try conflict(conflictID), let splitLead = created ?? nil else {
                throw CRMError.notFound(
                    "conflict #\(conflictID) was not resolved by a split that can be undone; "
                        + "`jivocrm conflicts --all` lists the conflicts")
            }
            let before = try requireLead(conflict.leadID)
            try merge(splitLead, into: conflict.leadID, actor: actor)
            // The disputed value was the split's, never the original lead's: it goes with the
            // split, so the reopened conflict is the one there was (settle it as before).
            if let field = ContactField(rawValue: conflict.field), field == .email || field == .phone,
                let disputed = field == .email
                    ? settings.normalizer.email(conflict.incoming) : settings.normalizer.phone(conflict.incoming),
                !(field == .email ? before.emails : before.phones).contains(where: { $0.normalized == disputed })
            {
                try database.run(
                    "DELETE FROM \(field == .email ? "lead_emails" : "lead_phones") WHERE lead_id = ? AND normalized = ?",
                    [.integer(conflict.leadID), .text(disputed)])
                try refreshSearch(conflict.leadID)
            }
            try database.run(
                "UPDATE conflicts SET status = 'open', resolution = NULL, resolved_at = NULL, resolved_by = NULL, "
                    + "split_into = NULL WHERE id = ?", [.integer(conflictID)])
            try audit(
                actor: actor, lead: conflict.leadID, action: "unsplit", field: conflict.field,
                detail:
                    "conflict #\(conflictID): lead #\(splitLead) joined #\(conflict.leadID) again; the conflict is open"
            )
            return splitLead
        }
    }

    private func normalized(_ field: ContactField, _ value: String) throws -> String {
        let result = field == .email ? settings.normalizer.email(value) : settings.normalizer.phone(value)
        guard let result else {
            throw CRMError.invalidArgument(
                "the conflict's \(field.rawValue) is no longer a valid \(field.rawValue) under today's rules; "
                    + "resolve it with --keep-current or --split instead")
        }
        return result
    }

    /// Puts `incoming` where `current` stood in the lead's list (or first, if `current` is gone).
    private func replaceContact(_ field: ContactField, lead: Int64, current: String, incoming: String) throws {
        let table = field == .email ? "lead_emails" : "lead_phones"
        let new = try normalized(field, incoming)
        let old = try normalized(field, current)
        let position = try database.scalar(
            "SELECT position FROM \(table) WHERE lead_id = ? AND normalized = ?", [.integer(lead), .text(old)])
        try database.run(
            "DELETE FROM \(table) WHERE lead_id = ? AND normalized IN (?, ?)", [.integer(lead), .text(old), .text(new)])
        try database.run(
            "INSERT INTO \(table)(lead_id, position, value, normalized) VALUES (?, coalesce(?, (SELECT coalesce(min(position), 1) - 1 FROM \(table) WHERE lead_id = ?)), ?, ?)",
            [.integer(lead), SQLValue(position), .integer(lead), .text(incoming), .text(new)])
    }

    /// Creates a new lead for the visitor behind a conflict: the incoming value and the rest of
    /// the event's visitor data that the current lead does not hold, and the event's chat and
    /// visitor keys.
    private func split(_ conflict: ConflictRecord, field: ContactField, actor: String) throws -> Int64 {
        let now = clock()
        let original = try requireLead(conflict.leadID)
        let event = try conflict.eventID.flatMap(eventBody).flatMap { try? WebhookEvent.decode(body: $0) }
        var visitor = event?.visitor ?? Visitor()
        if visitor.phone == nil { visitor.phone = event?.call?.phone }
        switch field {
        case .email: visitor.email = conflict.incoming
        case .phone: visitor.phone = conflict.incoming
        case .name: visitor.name = conflict.incoming
        default: break
        }
        if let email = visitor.email.flatMap(settings.normalizer.email),
            original.emails.contains(where: { $0.normalized == email })
        {
            visitor.email = nil
        }
        if let phone = visitor.phone.flatMap(settings.normalizer.phone),
            original.phones.contains(where: { $0.normalized == phone })
        {
            visitor.phone = nil
        }
        let name = visitor.name ?? "Visitor"
        try database.run(
            """
            INSERT INTO leads(title, channel, first_page_url, first_page_title, city, country,
                created_at, updated_at, last_activity_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(Lead.title(chatID: event?.chatID, name: name, fallback: name)), SQLValue(event?.widgetID),
                SQLValue(event?.page?.url), SQLValue(event?.page?.title), SQLValue(event?.session?.geoip?.city),
                SQLValue(event?.session?.geoip?.country), .integer(now), .integer(now), .integer(now),
            ])
        let id = database.lastInsertID
        try audit(
            actor: actor, lead: id, action: "created",
            detail: "split from lead #\(conflict.leadID) (conflict #\(conflict.id))")
        try applyVisitor(visitor, to: id, excluding: [], eventID: conflict.eventID, at: now, actor: actor)
        if let event {
            let widget = event.widgetID ?? ""
            if let chat = event.chatID {
                try database.run(
                    "UPDATE chats SET lead_id = ? WHERE widget_id = ? AND chat_id = ? AND lead_id = ?",
                    [.integer(id), .text(widget), .text(chat), .integer(conflict.leadID)])
            }
            for (kind, scope, value) in [
                ("user_token", "", event.userToken), ("visitor", widget, event.visitor?.number),
            ] {
                guard let value else { continue }
                try database.run(
                    "UPDATE lead_keys SET lead_id = ? WHERE kind = ? AND scope = ? AND value = ? AND lead_id = ?",
                    [.integer(id), .text(kind), .text(scope), .text(value), .integer(conflict.leadID)])
            }
        }
        if let manager = original.manager {
            try database.run("UPDATE leads SET manager_id = ? WHERE id = ?", [.integer(manager.id), .integer(id)])
        }
        try refreshSearch(id)
        return id
    }
}
