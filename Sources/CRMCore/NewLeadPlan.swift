import JivoProtocol

/// The lead a new visitor's event creates, decided without touching the store: the lead as it
/// stands once the visitor's data is applied (``ContactPlan`` against the empty lead) and its
/// manager given, with the audit trail that applying them step by step writes.
public struct NewLeadPlan: Sendable, Equatable {
    /// The lead to insert (its id still 0): the visitor's data filled, the manager set, the
    /// version bumped once for the fills and once for the manager.
    public var lead: Lead
    /// The visitor's data against the empty lead (only fills: the lead holds nothing yet).
    public var contacts: ContactPlan
    /// The audit lines in order: created, the signed match, each fill (its title first), the
    /// manager.
    public var audit: [WebhookAudit]

    /// The plan for `base` (the lead before any of the visitor's data: its title, channel,
    /// page, place and keys) created by event `eventID` named `eventName` for `visitor`
    /// (matched by a signed user_token's `signedBy` contact, if one), `manager` chosen by
    /// `rule` under `policy`. `now` gives the update time, asked only when something changed.
    public init(
        base: Lead, visitor: Visitor, normalizer: ContactNormalizer, signedBy: ContactField?, manager: Manager?,
        rule: ManagerRule, policy: AssignmentPolicy, eventID: Int64, eventName: String, now: () -> Int64
    ) {
        contacts = ContactPlan(lead: base, visitor: visitor, normalizer: normalizer)
        var lead = contacts.applied(to: base)
        lead.manager = manager
        if !contacts.fills.isEmpty || manager != nil {
            lead.version += (contacts.fills.isEmpty ? 0 : 1) + (manager == nil ? 0 : 1)
            lead.updatedAt = now()
        }
        self.lead = lead
        audit = [WebhookAudit(action: "created", detail: "from event #\(eventID) (\(eventName))")]
        if let match = WebhookAudit.signedMatch(signedBy, eventID: eventID) { audit.append(match) }
        for fill in contacts.fills {
            if fill.field == .name, lead.title != base.title {
                audit.append(
                    WebhookAudit(
                        action: "title", field: "title", before: base.title, after: lead.title,
                        detail: "follows the name"))
            }
            audit.append(
                WebhookAudit(
                    action: "fill", field: fill.field.rawValue, after: fill.value, detail: "from event #\(eventID)"))
        }
        if let assignment = WebhookAudit.assignment(manager, rule: rule, policy: policy, created: true) {
            audit.append(assignment)
        }
    }
}
