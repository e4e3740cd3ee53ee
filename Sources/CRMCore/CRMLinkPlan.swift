/// What a link the agent pasted in chat_assigned does to a lead's crm_link, decided without
/// touching the store: fills an empty one, disputes a different one, changes nothing when equal.
public enum CRMLinkPlan: Sendable, Equatable {
    /// Write the link into the empty crm_link.
    case fill(String)
    /// The lead links elsewhere: a conflict for an operator.
    case dispute(ContactPlan.Dispute)
    /// The lead has this link already.
    case keep

    /// The plan for `incoming` against the lead's `current` link.
    public init(current: String?, incoming: String) {
        guard let current else {
            self = .fill(incoming)
            return
        }
        self =
            current == incoming
            ? .keep
            : .dispute(ContactPlan.Dispute(field: .crmLink, current: current, incoming: incoming, normalized: incoming))
    }
}
