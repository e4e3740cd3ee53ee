import CRMCore
import JivoProtocol

/// Finding the visitor's lead, creating one, and applying the visitor's data to it.
extension Store {
    /// The leads table as ingest uses it.
    var leadRepository: LeadRepository { LeadRepository(database: database) }

    /// Looks up the leads the event's visitor data points at, in ``LeadMatching``'s order,
    /// before anything is written.
    func matchLead(_ event: WebhookEvent) throws -> LeadMatch {
        let signed = try signedVisitor(event.userToken).map { SignedContacts(email: $0.email, phone: $0.phone) }
        let leads = leadRepository
        return try LeadMatching(event: event, signed: signed, normalizer: settings.normalizer).resolve {
            try leads.lead(for: $0)
        }
    }

    /// Finds the visitor's lead (``matchLead(_:)``, or `match` when it was looked up already)
    /// or creates one, then applies the visitor's data to it.
    func matchOrCreate(
        _ event: WebhookEvent, eventID: Int64, at now: Int64, match: LeadMatch? = nil
    ) throws -> MatchedLead {
        let match = try match ?? matchLead(event)
        let leadID: Int64
        let created: Bool
        if let found = match.found {
            leadID = found
            created = false
        } else {
            leadID = try createLead(event, visitor: match.visitor, eventID: eventID, at: now)
            created = true
        }
        let duplicates = match.duplicates(of: leadID)
        for conflict in duplicates.conflicts {
            try openConflict(conflict.dispute, lead: leadID, otherLead: conflict.otherLead, eventID: eventID, at: now)
        }
        if let signedBy = match.signedBy {
            try audit(
                actor: "webhook", lead: leadID, action: "match",
                detail: "signed user_token (\(signedBy.rawValue)) from event #\(eventID)")
        }
        let applied = try applyVisitor(
            match.visitor, to: leadID, excluding: duplicates.excluded, eventID: eventID, at: now)
        let loaded = applied?.lead
        try leadRepository.apply(
            LeadKeysPlan(event: event, visitor: match.visitor, lead: loaded, known: match.knownKeys), lead: leadID)
        let assigned = try assignManagerIfNone(lead: leadID, loaded: loaded, event: event, created: created)
        try touchActivity(leadID, at: now)
        let unchanged = applied?.changed == false && !assigned ? loaded : nil
        return MatchedLead(id: leadID, created: created, unchanged: unchanged)
    }

    /// Creates the lead for a new visitor; returns its id.
    func createLead(_ event: WebhookEvent, visitor: Visitor, eventID: Int64, at now: Int64) throws -> Int64 {
        let title = Lead.title(creatingFrom: event.kind, chatID: event.chatID, visitor: visitor)
        let id = try leadRepository.insert(title: title, event: event, visitor: visitor, at: now)
        try audit(actor: "webhook", lead: id, action: "created", detail: "from event #\(eventID) (\(event.name))")
        return id
    }

    /// Fills empty fields from the visitor and opens conflicts for values that disagree
    /// (``ContactPlan``). Returns the lead as it was loaded before, and whether anything was
    /// filled; nil when there is no lead `leadID`.
    @discardableResult
    func applyVisitor(
        _ visitor: Visitor, to leadID: Int64, excluding excluded: Set<ContactField>,
        eventID: Int64?, at now: Int64, actor: String = "webhook"
    ) throws -> (lead: Lead, changed: Bool)? {
        guard let lead = try lead(leadID) else { return nil }
        let leads = leadRepository
        let plan = ContactPlan(lead: lead, visitor: visitor, normalizer: settings.normalizer, excluding: excluded)
        for fill in plan.fills {
            switch fill.field {
            case .name, .description:
                if fill.field == .name { try titleFollowsName(lead, name: fill.value, actor: actor) }
                try leads.set(fill.field, fill.value, lead: leadID)
            case .email:
                try leads.addContact("lead_emails", lead: leadID, value: fill.value, normalized: fill.normalized)
            case .phone:
                try leads.addContact("lead_phones", lead: leadID, value: fill.value, normalized: fill.normalized)
            case .duplicate, .crmLink:
                continue
            }
            try audit(
                actor: actor, lead: leadID, action: "fill", field: fill.field.rawValue,
                after: fill.value, detail: eventID.map { "from event #\($0)" })
        }
        for dispute in plan.disputes {
            try openConflict(dispute, lead: leadID, otherLead: nil, eventID: eventID, at: now, actor: actor)
        }
        if !plan.fills.isEmpty {
            try bumpVersion(leadID)
            try refreshSearch(leadID)
        }
        return (lead, !plan.fills.isEmpty)
    }

    /// Appends an email or phone to a lead (after its others).
    func addContact(_ table: String, lead: Int64, value: String, normalized: String) throws {
        try leadRepository.addContact(table, lead: lead, value: value, normalized: normalized)
    }

    /// Opens the conflict `dispute` on `lead` (``openConflict(lead:field:current:incoming:normalized:otherLead:eventID:at:actor:)``).
    func openConflict(
        _ dispute: ContactPlan.Dispute, lead: Int64, otherLead: Int64?, eventID: Int64?, at now: Int64,
        actor: String = "webhook"
    ) throws {
        try openConflict(
            lead: lead, field: dispute.field, current: dispute.current, incoming: dispute.incoming,
            normalized: dispute.normalized, otherLead: otherLead, eventID: eventID, at: now, actor: actor)
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

    /// Gives a lead without a manager one (`loaded`: the lead as loaded during this event, if
    /// it was): the responsible agent's or the agent's login (which first, as the settings
    /// say), else the default; audited with the rule that decided. A manager once set is never
    /// changed by a webhook. Returns whether it assigned one.
    func assignManagerIfNone(lead: Int64, loaded: Lead?, event: WebhookEvent, created: Bool) throws -> Bool {
        if let loaded {
            guard loaded.manager == nil else { return false }
        } else {
            guard let current = try leadRepository.managerID(of: lead), current == nil else { return false }
        }
        let roundRobin = settings.assignment == .agentThenRoundRobin
        let (manager, rule) = ManagerRule.choose(
            assignedAgentEmails: [event.assignedAgent?.email].compactMap { $0 },
            agentEmails: ([event.agent] + event.agents).compactMap { $0?.email }, order: settings.responsible,
            managers: try managers(), policy: settings.assignment,
            lastInTurn: roundRobin ? try setting(Self.roundRobinKey) : nil)
        if rule == .roundRobin, let manager { try setSetting(Self.roundRobinKey, manager.login) }
        if let manager {
            try leadRepository.setManager(manager.id, lead: lead)
            try bumpVersion(lead)
            try audit(
                actor: "webhook", lead: lead, action: "assign", field: "manager",
                after: manager.login, detail: "rule: \(rule.rawValue)")
            return true
        }
        if created {
            try audit(
                actor: "webhook", lead: lead, action: "assign", field: "manager",
                detail: "rule: none (no responsible agent's or agent's login matched and there is no "
                    + (roundRobin ? "active manager)" : "default manager)"))
        }
        return false
    }

    /// The settings key holding the login of the manager the last round-robin lead went to.
    static let roundRobinKey = "round_robin_last"
}

/// The lead an event was matched to or created.
struct MatchedLead {
    /// Its id.
    var id: Int64
    /// Whether the event created it.
    var created: Bool
    /// The lead as loaded during the event when nothing bumped its version since (the reply
    /// to the event can use it instead of loading it again).
    var unchanged: Lead?
}
