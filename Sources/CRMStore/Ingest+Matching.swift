import CRMCore
import JivoProtocol

/// Finding the visitor's lead or creating one, applying the visitor's data, keys and manager.
extension Ingest {
    /// Looks up the leads the event's visitor data points at, in ``LeadMatching``'s order,
    /// before anything is written.
    func matchLead(_ event: WebhookEvent) throws -> LeadMatch {
        let signed = try store.signedVisitor(event.userToken).map { SignedContacts(email: $0.email, phone: $0.phone) }
        return try LeadMatching(event: event, signed: signed, normalizer: store.settings.normalizer).resolve {
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
            try store.openConflict(
                conflict.dispute, lead: leadID, otherLead: conflict.otherLead, eventID: eventID, at: now)
        }
        if let signedBy = match.signedBy {
            try store.audit(
                actor: "webhook", lead: leadID, action: "match",
                detail: "signed user_token (\(signedBy.rawValue)) from event #\(eventID)")
        }
        let applied = try store.applyVisitor(
            match.visitor, to: leadID, excluding: duplicates.excluded, eventID: eventID, at: now)
        let loaded = applied?.lead
        try leads.apply(
            LeadKeysPlan(event: event, visitor: match.visitor, lead: loaded, known: match.knownKeys), lead: leadID)
        let assigned = try assignManagerIfNone(lead: leadID, loaded: loaded, event: event, created: created)
        try store.touchActivity(leadID, at: now)
        let unchanged = applied?.changed == false && !assigned ? loaded : nil
        return MatchedLead(id: leadID, created: created, unchanged: unchanged)
    }

    /// Creates the lead for a new visitor; returns its id.
    func createLead(_ event: WebhookEvent, visitor: Visitor, eventID: Int64, at now: Int64) throws -> Int64 {
        let title = Lead.title(creatingFrom: event.kind, chatID: event.chatID, visitor: visitor)
        let id = try leads.insert(title: title, event: event, visitor: visitor, at: now)
        try store.audit(actor: "webhook", lead: id, action: "created", detail: "from event #\(eventID) (\(event.name))")
        return id
    }

    /// Gives a lead without a manager one (`loaded`: the lead as loaded during this event, if
    /// it was): the responsible agent's or the agent's login (which first, as the settings
    /// say), else the default; audited with the rule that decided. A manager once set is never
    /// changed by a webhook. Returns whether it assigned one.
    func assignManagerIfNone(lead: Int64, loaded: Lead?, event: WebhookEvent, created: Bool) throws -> Bool {
        if let loaded {
            guard loaded.manager == nil else { return false }
        } else {
            guard let current = try leads.managerID(of: lead), current == nil else { return false }
        }
        let roundRobin = store.settings.assignment == .agentThenRoundRobin
        let (manager, rule) = ManagerRule.choose(
            assignedAgentEmails: [event.assignedAgent?.email].compactMap { $0 },
            agentEmails: ([event.agent] + event.agents).compactMap { $0?.email }, order: store.settings.responsible,
            managers: try store.managers(), policy: store.settings.assignment,
            lastInTurn: roundRobin ? try store.setting(Self.roundRobinKey) : nil)
        if rule == .roundRobin, let manager { try store.setSetting(Self.roundRobinKey, manager.login) }
        if let manager {
            try leads.setManager(manager.id, lead: lead)
            try store.bumpVersion(lead)
            try store.audit(
                actor: "webhook", lead: lead, action: "assign", field: "manager",
                after: manager.login, detail: "rule: \(rule.rawValue)")
            return true
        }
        if created {
            try store.audit(
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
