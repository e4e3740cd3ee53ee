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
    /// and applies the visitor's data to it, or creates the lead of a new visitor
    /// (``createLead(_:match:eventID:at:)``).
    func matchOrCreate(
        _ event: WebhookEvent, eventID: Int64, at now: Int64, match: LeadMatch? = nil
    ) throws -> MatchedLead {
        let match = try match ?? matchLead(event)
        guard let leadID = match.found else { return try createLead(event, match: match, eventID: eventID, at: now) }
        let duplicates = match.duplicates(of: leadID)
        for conflict in duplicates.conflicts {
            try store.openConflict(
                conflict.dispute, lead: leadID, otherLead: conflict.otherLead, eventID: eventID, at: now)
        }
        try auditSignedMatch(match, lead: leadID, eventID: eventID)
        let applied = try store.applyVisitor(
            match.visitor, to: leadID, excluding: duplicates.excluded, eventID: eventID, at: now)
        let loaded = applied?.lead
        try leads.apply(
            LeadKeysPlan(event: event, visitor: match.visitor, lead: loaded, known: match.knownKeys), lead: leadID,
            touchingAt: now)
        let assigned = try assignManagerIfNone(lead: leadID, loaded: loaded, event: event, created: false)
        let unchanged = applied?.changed == false && !assigned ? loaded : nil
        return MatchedLead(
            id: leadID, created: false, unchanged: unchanged,
            notes: try noteUnsaved(match.unsaved, lead: leadID, eventID: eventID))
    }

    /// Creates the lead of a new visitor as it stands once the visitor's data is applied, in
    /// one insert with its emails and phones: the lead, its version and its audit trail as
    /// ``NewLeadPlan`` decides them (the manager the rules give it, ``chooseManager(_:)``), its
    /// keys remembered. The visitor's email and phone are held by no lead (else that lead would
    /// have been found), so there are no duplicate-lead conflicts. Returns the lead as stored.
    func createLead(_ event: WebhookEvent, match: LeadMatch, eventID: Int64, at now: Int64) throws -> MatchedLead {
        let visitor = match.visitor
        var lead = Lead(
            id: 0, title: Lead.title(creatingFrom: event.kind, chatID: event.chatID, visitor: visitor), createdAt: now)
        let geo = event.session?.geoip
        let utm = Store.json(event.session?.utm ?? [])
        lead.channel = event.widgetID
        lead.firstPageURL = event.page?.url
        lead.firstPageTitle = event.page?.title
        lead.utm = LeadLoader.textPairs(utm)
        lead.city = geo?.city
        lead.country = geo?.country
        lead.userToken = LeadKeyKind.usable(event.userToken)
        lead.visitorNumber = visitor.number
        lead.clientID = LeadKeyKind.usable(event.clientID)
        // Planned as for a lead not loaded: the new lead's columns hold its keys, which are still
        // to be remembered.
        let keys = LeadKeysPlan(event: event, visitor: visitor, lead: nil, known: match.knownKeys)
        let (manager, rule) = try chooseManager(event)
        let plan = NewLeadPlan(
            base: lead, visitor: visitor, normalizer: store.settings.normalizer, signedBy: match.signedBy,
            manager: manager, rule: rule, policy: store.settings.assignment, eventID: eventID, eventName: event.name,
            now: store.clock)
        let id = try leads.insert(plan.lead, utm: utm)
        for line in plan.audit { try audit(line, lead: id) }
        if !plan.contacts.fills.isEmpty { try store.searchIndex.refresh(id, created: true) }
        try leads.remember(keys, lead: id)
        var created = plan.lead
        created.id = id
        return MatchedLead(
            id: id, created: true, unchanged: created, notes: try noteUnsaved(match.unsaved, lead: id, eventID: eventID)
        )
    }

    /// The visitor's email and phone that are none (``LeadMatch/unsaved``), as the event's
    /// notes, each audited on lead `lead` the first time it comes (a chat's events repeat the
    /// visitor's contacts), its value where an erase finds it.
    private func noteUnsaved(_ unsaved: [UnsavedContact], lead: Int64, eventID: Int64) throws -> [IngestNote] {
        for contact in unsaved
        where try !store.auditLog.contains(
            lead: lead, action: UnsavedContact.auditAction, field: contact.field.rawValue, after: contact.value)
        {
            try store.audit(
                actor: "webhook", lead: lead, action: UnsavedContact.auditAction, field: contact.field.rawValue,
                after: contact.value,
                detail: "from event #\(eventID): \(contact.reason)")
        }
        return unsaved.map(IngestNote.contactNotSaved)
    }

    /// Audits that a valid signed user_token matched the event to `lead`, when one did.
    private func auditSignedMatch(_ match: LeadMatch, lead: Int64, eventID: Int64) throws {
        guard let line = WebhookAudit.signedMatch(match.signedBy, eventID: eventID) else { return }
        try audit(line, lead: lead)
    }

    /// Writes `line` to the audit trail of lead `lead`, by the webhook.
    private func audit(_ line: WebhookAudit, lead: Int64) throws {
        try store.audit(
            actor: "webhook", lead: lead, action: line.action, field: line.field, before: line.before,
            after: line.after, detail: line.detail)
    }

    /// Gives a lead without a manager one (`loaded`: the lead as loaded during this event, if
    /// it was): the one ``chooseManager(_:)`` chooses, audited with the rule that decided. A
    /// manager once set is never changed by a webhook. Returns whether it assigned one.
    func assignManagerIfNone(lead: Int64, loaded: Lead?, event: WebhookEvent, created: Bool) throws -> Bool {
        if let loaded {
            guard loaded.manager == nil else { return false }
        } else {
            guard let current = try leads.managerID(of: lead), current == nil else { return false }
        }
        let (manager, rule) = try chooseManager(event)
        if let manager {
            try leads.setManager(manager.id, lead: lead)
            try store.bumpVersion(lead)
        }
        try auditManager(manager, rule: rule, lead: lead, created: created)
        return manager != nil
    }

    /// The manager a lead without one gets from `event`: the responsible agent's or the
    /// agent's login (which first, as the settings say), else the default or the next in turn
    /// (remembered); nil when none fits. With the rule that decided.
    func chooseManager(_ event: WebhookEvent) throws -> (Manager?, ManagerRule) {
        let roundRobin = store.settings.assignment == .agentThenRoundRobin
        let (manager, rule) = ManagerRule.choose(
            assignedAgentEmails: [event.assignedAgent?.email].compactMap { $0 },
            agentEmails: ([event.agent] + event.agents).compactMap { $0?.email }, order: store.settings.responsible,
            managers: try store.managerList.managers(), policy: store.settings.assignment,
            lastInTurn: roundRobin ? try store.setting(Self.roundRobinKey) : nil)
        if rule == .roundRobin, let manager { try store.setSetting(Self.roundRobinKey, manager.login) }
        return (manager, rule)
    }

    /// Audits the manager given to `lead` by `rule`, or (for a lead just `created`) that none was.
    private func auditManager(_ manager: Manager?, rule: ManagerRule, lead: Int64, created: Bool) throws {
        guard
            let line = WebhookAudit.assignment(
                manager, rule: rule, policy: store.settings.assignment, created: created)
        else { return }
        try audit(line, lead: lead)
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
    /// What the event's visitor data did not bring to the lead.
    var notes: [IngestNote] = []
}
