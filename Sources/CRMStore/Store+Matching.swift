import CRMCore
import JivoProtocol

/// Finding the visitor's lead, creating one, and applying the visitor's data to it.
extension Store {
    /// The visitor's data with the call's phone standing in when the visitor gave none.
    func visitorData(_ event: WebhookEvent) -> Visitor {
        var visitor = event.visitor ?? Visitor()
        if visitor.phone == nil { visitor.phone = event.call?.phone }
        return visitor
    }

    func leadByKey(_ kind: String, scope: String?, _ value: String?) throws -> Int64? {
        guard let value else { return nil }
        if let scope {
            return try database.scalar(
                "SELECT lead_id FROM lead_keys WHERE kind = ? AND scope = ? AND value = ?",
                [.text(kind), .text(scope), .text(value)])
        }
        return try database.scalar(
            "SELECT lead_id FROM lead_keys WHERE kind = ? AND value = ? ORDER BY lead_id LIMIT 1",
            [.text(kind), .text(value)])
    }

    func leadByContact(_ table: String, _ normalized: String?) throws -> Int64? {
        guard let normalized else { return nil }
        return try database.scalar(
            "SELECT c.lead_id FROM \(table) c JOIN leads l ON l.id = c.lead_id "
                + "WHERE c.normalized = ? AND l.merged_into IS NULL ORDER BY c.lead_id LIMIT 1",
            [.text(normalized)])
    }

    /// Looks up the leads the event's visitor data points at (by the chat, user_token, email,
    /// phone, visitor number or client id, in that order), before anything is written. The
    /// visitor number and client id are looked up only when nothing earlier matched. JivoChat's
    /// client id of a widget is that widget's visitor number, so last each is looked up as the
    /// other, within the event's widget.
    func matchLead(_ event: WebhookEvent) throws -> LeadMatch {
        var visitor = visitorData(event)
        // A user_token the site signed vouches for its email or phone: it finds their lead
        // first, and fills the visitor's contacts the widget did not send.
        let signed = try signedVisitor(event.userToken)
        if let signed {
            visitor.email = visitor.email ?? signed.email
            visitor.phone = visitor.phone ?? signed.phone
        }
        let bySigned = try signed.flatMap { claim in
            try leadByContact("lead_emails", claim.email.flatMap(settings.normalizer.email))
                ?? leadByContact("lead_phones", claim.phone.flatMap(settings.normalizer.phone))
        }
        let widget = event.widgetID ?? ""
        let byChat = try event.chatID.flatMap { chat in
            try database.scalar(
                "SELECT lead_id FROM chats WHERE widget_id = ? AND chat_id = ?",
                [.text(widget), .text(chat)])
        }
        let byToken = try leadByKey("user_token", scope: "", event.userToken)
        let byEmail = try leadByContact("lead_emails", visitor.email.flatMap(settings.normalizer.email))
        let byPhone = try leadByContact("lead_phones", visitor.phone.flatMap(settings.normalizer.phone))
        var match = LeadMatch(
            visitor: visitor, byEmail: byEmail, byPhone: byPhone,
            found: byChat ?? bySigned ?? byToken ?? byEmail ?? byPhone, signed: signed)
        if byToken != nil { match.knownKeys.insert("user_token") }
        if match.found == nil, let byVisitor = try leadByKey("visitor", scope: widget, visitor.number) {
            match.found = byVisitor
            match.knownKeys.insert("visitor")
        }
        if match.found == nil, let byClient = try leadByKey("client", scope: "", event.clientID) {
            match.found = byClient
            match.knownKeys.insert("client")
        }
        if match.found == nil, !widget.isEmpty {
            match.found = try leadByKey("visitor", scope: widget, event.clientID)
        }
        if match.found == nil, !widget.isEmpty, let number = visitor.number {
            match.found = try database.scalar(
                "SELECT k.lead_id FROM lead_keys k JOIN leads l ON l.id = k.lead_id "
                    + "WHERE k.kind = 'client' AND k.value = ? AND l.channel = ? ORDER BY k.lead_id LIMIT 1",
                [.text(number), .text(widget)])
        }
        return match
    }

    /// Finds the visitor's lead (``matchLead(_:)``, or `match` when it was looked up already)
    /// or creates one, then applies the visitor's data to it.
    func matchOrCreate(
        _ event: WebhookEvent, eventID: Int64, at now: Int64, match: LeadMatch? = nil
    ) throws -> (Int64, Bool) {
        let match = try match ?? matchLead(event)
        let visitor = match.visitor
        let byEmail = match.byEmail
        let byPhone = match.byPhone

        let leadID: Int64
        let created: Bool
        if let found = match.found {
            leadID = found
            created = false
        } else {
            leadID = try createLead(event, visitor: visitor, eventID: eventID, at: now)
            created = true
        }
        var excluded: Set<ContactField> = []
        for (field, other) in [(ContactField.email, byEmail), (.phone, byPhone)] {
            guard let other, other != leadID else { continue }
            excluded.insert(field)
            try openConflict(
                lead: leadID, field: .duplicate, current: "#\(leadID)", incoming: "#\(other)",
                normalized: "lead:\(other)", otherLead: other, eventID: eventID, at: now)
        }
        if let signed = match.signed {
            try audit(
                actor: "webhook", lead: leadID, action: "match",
                detail: "signed user_token (\(signed.email != nil ? "email" : "phone")) from event #\(eventID)")
        }
        try applyVisitor(visitor, to: leadID, excluding: excluded, eventID: eventID, at: now)
        try rememberKeys(event, visitor: visitor, lead: leadID, known: match.knownKeys)
        try assignManagerIfNone(lead: leadID, event: event, created: created)
        try touchActivity(leadID, at: now)
        return (leadID, created)
    }

    func createLead(
        _ event: WebhookEvent, visitor: Visitor, eventID: Int64, at now: Int64
    ) throws -> Int64 {
        let fallback = visitor.number.map { "Visitor \($0)" } ?? visitor.phone ?? visitor.email ?? "Visitor"
        let title: String
        switch event.kind {
        case .offlineMessage?: title = "JivoChat offline message - \(visitor.name ?? fallback)"
        case .callEvent?: title = "JivoChat call - \(visitor.name ?? fallback)"
        default: title = Lead.title(chatID: event.chatID, name: visitor.name, fallback: fallback)
        }
        let geo = event.session?.geoip
        try database.run(
            """
            INSERT INTO leads(title, channel, first_page_url, first_page_title, utm, city, country,
                user_token, visitor_number, client_id, created_at, updated_at, last_activity_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(title), SQLValue(event.widgetID), SQLValue(event.page?.url),
                SQLValue(event.page?.title), .text(Store.json(event.session?.utm ?? [])),
                SQLValue(geo?.city), SQLValue(geo?.country), SQLValue(event.userToken),
                SQLValue(visitor.number), SQLValue(event.clientID), .integer(now), .integer(now),
                .integer(now),
            ])
        let id = database.lastInsertID
        try audit(
            actor: "webhook", lead: id, action: "created",
            detail: "from event #\(eventID) (\(event.name))")
        return id
    }

    /// Fills empty fields from the visitor and opens conflicts for values that disagree.
    func applyVisitor(
        _ visitor: Visitor, to leadID: Int64, excluding excluded: Set<ContactField>,
        eventID: Int64?, at now: Int64, actor: String = "webhook"
    ) throws {
        guard let lead = try lead(leadID) else { return }
        unchangedLead = lead
        let plan = ContactPlan(
            lead: lead, visitor: visitor, normalizer: settings.normalizer, excluding: excluded)
        for fill in plan.fills {
            switch fill.field {
            case .name, .description:
                if fill.field == .name { try titleFollowsName(lead, name: fill.value, actor: actor) }
                try database.run(
                    "UPDATE leads SET \(fill.field.rawValue) = ? WHERE id = ?",
                    [.text(fill.value), .integer(leadID)])
            case .email:
                try addContact("lead_emails", lead: leadID, value: fill.value, normalized: fill.normalized)
            case .phone:
                try addContact("lead_phones", lead: leadID, value: fill.value, normalized: fill.normalized)
            case .duplicate, .crmLink:
                continue
            }
            try audit(
                actor: actor, lead: leadID, action: "fill", field: fill.field.rawValue,
                after: fill.value, detail: eventID.map { "from event #\($0)" })
        }
        for dispute in plan.disputes {
            try openConflict(
                lead: leadID, field: dispute.field, current: dispute.current,
                incoming: dispute.incoming, normalized: dispute.normalized, otherLead: nil,
                eventID: eventID, at: now, actor: actor)
        }
        if !plan.fills.isEmpty {
            try bumpVersion(leadID)
            try refreshSearch(leadID)
        }
    }

    /// Appends an email or phone to a lead (after its others).
    func addContact(_ table: String, lead: Int64, value: String, normalized: String) throws {
        try database.run(
            "INSERT OR IGNORE INTO \(table)(lead_id, position, value, normalized) "
                + "VALUES (?, (SELECT coalesce(max(position), -1) + 1 FROM \(table) WHERE lead_id = ?), ?, ?)",
            [.integer(lead), .integer(lead), .text(value), .text(normalized)])
    }

    /// Opens a conflict unless one for the same lead, field and incoming value exists already
    /// (open or decided: an operator is not asked twice); `actor` brought the incoming value.
    func openConflict(
        lead: Int64, field: ContactField, current: String, incoming: String, normalized: String,
        otherLead: Int64?, eventID: Int64?, at now: Int64, actor: String = "webhook"
    ) throws {
        let exists = try database.scalar(
            "SELECT 1 FROM conflicts WHERE lead_id = ? AND field = ? AND incoming_normalized = ?",
            [.integer(lead), .text(field.rawValue), .text(normalized)])
        guard exists == nil else { return }
        try database.run(
            """
            INSERT INTO conflicts(lead_id, field, current, incoming, incoming_normalized,
                other_lead_id, event_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .integer(lead), .text(field.rawValue), .text(current), .text(incoming),
                .text(normalized), SQLValue(otherLead), SQLValue(eventID), .integer(now),
            ])
        try audit(
            actor: actor, lead: lead, action: "conflict", field: field.rawValue,
            before: current, after: incoming, detail: "conflict #\(database.lastInsertID) opened")
    }

    /// Keeps the event's keys for matching (except the `known` kinds, which the lookup found
    /// stored already), and fills the lead's key columns, city and country where they are empty
    /// (skipping the updates the lead as loaded shows would change nothing).
    func rememberKeys(_ event: WebhookEvent, visitor: Visitor, lead: Int64, known knownKeys: Set<String> = []) throws {
        let widget = event.widgetID ?? ""
        let known = unchangedLead.flatMap { $0.id == lead ? $0 : nil }
        let keys: [(String, String, String?, String, Bool)] = [
            ("user_token", "", event.userToken, "user_token", known?.userToken != nil),
            ("visitor", widget, visitor.number, "visitor_number", known?.visitorNumber != nil),
            ("client", "", event.clientID, "client_id", known?.clientID != nil),
        ]
        for (kind, scope, value, column, filled) in keys {
            guard let value else { continue }
            if !knownKeys.contains(kind) {
                try database.run(
                    "INSERT OR IGNORE INTO lead_keys(kind, scope, value, lead_id) VALUES (?, ?, ?, ?)",
                    [.text(kind), .text(scope), .text(value), .integer(lead)])
            }
            guard !filled else { continue }
            try database.run(
                "UPDATE leads SET \(column) = ? WHERE id = ? AND \(column) IS NULL",
                [.text(value), .integer(lead)])
        }
        if let geo = event.session?.geoip, known?.city == nil || known?.country == nil {
            try database.run(
                "UPDATE leads SET city = coalesce(city, ?), country = coalesce(country, ?) WHERE id = ?",
                [SQLValue(geo.city), SQLValue(geo.country), .integer(lead)])
        }
    }

    /// Gives a lead without a manager one: the responsible agent's or the agent's login (which
    /// first, as the settings say), else the default; audited with the rule that decided. A
    /// manager once set is never changed by a webhook.
    func assignManagerIfNone(lead: Int64, event: WebhookEvent, created: Bool) throws {
        if let known = unchangedLead, known.id == lead {
            guard known.manager == nil else { return }
        } else {
            let current = try database.first(
                "SELECT manager_id FROM leads WHERE id = ?", [.integer(lead)]
            ) { $0.optionalInt(0) }
            guard let current, current == nil else { return }
        }
        let roundRobin = settings.assignment == .agentThenRoundRobin
        let (manager, rule) = ManagerRule.choose(
            assignedAgentEmails: [event.assignedAgent?.email].compactMap { $0 },
            agentEmails: ([event.agent] + event.agents).compactMap { $0?.email }, order: settings.responsible,
            managers: try managers(), policy: settings.assignment,
            lastInTurn: roundRobin ? try setting(Self.roundRobinKey) : nil)
        if rule == .roundRobin, let manager { try setSetting(Self.roundRobinKey, manager.login) }
        if let manager {
            try database.run(
                "UPDATE leads SET manager_id = ? WHERE id = ?", [.integer(manager.id), .integer(lead)])
            try bumpVersion(lead)
            try audit(
                actor: "webhook", lead: lead, action: "assign", field: "manager",
                after: manager.login, detail: "rule: \(rule.rawValue)")
        } else if created {
            try audit(
                actor: "webhook", lead: lead, action: "assign", field: "manager",
                detail: "rule: none (no responsible agent's or agent's login matched and there is no "
                    + (roundRobin ? "active manager)" : "default manager)"))
        }
    }

    /// The settings key holding the login of the manager the last round-robin lead went to.
    static let roundRobinKey = "round_robin_last"
}

/// The leads an event's visitor data points at, looked up before the event is written.
struct LeadMatch {
    /// The visitor's data (the call's phone standing in when the visitor gave none).
    var visitor: Visitor
    /// The lead holding the visitor's email, if any.
    var byEmail: Int64?
    /// The lead holding the visitor's phone, if any.
    var byPhone: Int64?
    /// The lead the event belongs to, by the matching order; nil for a new visitor.
    var found: Int64?
    /// The key kinds (`user_token`, `visitor`, `client`) the lookup found stored already.
    var knownKeys: Set<String> = []
    /// The claims of a signed user_token, when the event carried a valid one.
    var signed: VisitorToken?

    init(visitor: Visitor, byEmail: Int64?, byPhone: Int64?, found: Int64?, signed: VisitorToken? = nil) {
        self.visitor = visitor
        self.byEmail = byEmail
        self.byPhone = byPhone
        self.found = found
        self.signed = signed
    }
}
