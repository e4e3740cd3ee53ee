import CRMCore
import JivoProtocol

/// Applying a visitor's data to a lead, and opening conflicts: shared by ingest, imports,
/// merges and resolutions.
extension Store {
    /// The leads table as ingest, imports and merges use it.
    var leadRepository: LeadRepository { LeadRepository(database: database) }

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
            case .name:
                try titleFollowsName(lead, name: fill.value, actor: actor)
                try leads.set(.name, fill.value, lead: leadID)
            case .description:
                try leads.set(.description, fill.value, lead: leadID)
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
}
