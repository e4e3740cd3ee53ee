import CRMCore
import JivoProtocol

/// Applying a visitor's data to a lead, and opening conflicts (``VisitorData``): shared by
/// ingest, imports, merges and resolutions.
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
        try VisitorData(store: self).apply(
            visitor, to: leadID, excluding: excluded, eventID: eventID, at: now, actor: actor)
    }

    /// Opens the conflict `dispute` on `lead` (``VisitorData/openConflict(lead:field:current:incoming:normalized:otherLead:eventID:at:actor:)``).
    func openConflict(
        _ dispute: ContactPlan.Dispute, lead: Int64, otherLead: Int64?, eventID: Int64?, at now: Int64,
        actor: String = "webhook"
    ) throws {
        try VisitorData(store: self).openConflict(
            lead: lead, field: dispute.field, current: dispute.current, incoming: dispute.incoming,
            normalized: dispute.normalized, otherLead: otherLead, eventID: eventID, at: now, actor: actor)
    }
}
