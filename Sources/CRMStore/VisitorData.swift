import CRMCore
import JivoProtocol

/// Applying a visitor's data to a lead and opening conflicts for what disagrees (``ContactPlan``):
/// the step ingest, imports, merges and splits share.
struct VisitorData {
    /// The store: its settings, clock, audit and repositories.
    let store: Store

    /// Fills empty fields of lead `leadID` from `visitor` and opens conflicts for values that
    /// disagree (``Store/applyVisitor(_:to:excluding:eventID:at:actor:)``).
    @discardableResult
    func apply(
        _ visitor: Visitor, to leadID: Int64, excluding excluded: Set<ContactField>, eventID: Int64?, at now: Int64,
        actor: String
    ) throws -> (lead: Lead, changed: Bool)? {
        guard let lead = try store.lead(leadID) else { return nil }
        let plan = ContactPlan(lead: lead, visitor: visitor, normalizer: store.settings.normalizer, excluding: excluded)
        for fill in plan.fills {
            switch fill.field {
            case .name:
                try ContactEditing(store: store).titleFollowsName(lead, name: fill.value, actor: actor)
                try store.leadValues.set(.name, lead: leadID, to: .text(fill.value))
            case .description:
                try store.leadValues.set(.description, lead: leadID, to: .text(fill.value))
            case .email, .phone:
                try store.contactLists.append(fill.field, lead: leadID, value: fill.value, normalized: fill.normalized)
            case .duplicate, .crmLink:
                continue
            }
            try store.audit(
                actor: actor, lead: leadID, action: "fill", field: fill.field.rawValue,
                after: fill.value, detail: eventID.map { "from event #\($0)" })
        }
        for dispute in plan.disputes {
            try openConflict(
                lead: leadID, field: dispute.field, current: dispute.current, incoming: dispute.incoming,
                normalized: dispute.normalized, otherLead: nil, eventID: eventID, at: now, actor: actor)
        }
        if !plan.fills.isEmpty {
            try store.bumpVersion(leadID)
            try store.refreshSearch(leadID)
        }
        return (lead, !plan.fills.isEmpty)
    }

    /// Opens a conflict unless one for the same lead, field and incoming value exists already
    /// (open or decided: an operator is not asked twice); `actor` brought the incoming value.
    func openConflict(
        lead: Int64, field: ContactField, current: String, incoming: String, normalized: String,
        otherLead: Int64?, eventID: Int64?, at now: Int64, actor: String
    ) throws {
        guard
            let id = try store.conflictRows.open(
                lead: lead, field: field, current: current, incoming: incoming, normalized: normalized,
                otherLead: otherLead, eventID: eventID, at: now)
        else { return }
        try store.audit(
            actor: actor, lead: lead, action: "conflict", field: field.rawValue,
            before: current, after: incoming, detail: "conflict #\(id) opened")
    }
}
