import JivoProtocol

/// Whether an event of JivoChat's CRM-webhook family (contacts, the responsible agent, the
/// client's status) has an effect, decided without touching the store: one that carries none
/// of these has none, and only contacts create a lead.
public struct CRMWebhookPlan: Sendable, Equatable {
    /// Whether the event carries a name, email or phone.
    public var hasContacts: Bool
    /// Why the event changes nothing before any lead is looked up; nil when it may.
    public var skip: IngestNote?

    /// The plan for `event`.
    public init(event: WebhookEvent) {
        let visitor = event.visitor ?? Visitor()
        hasContacts = visitor.name != nil || visitor.email != nil || visitor.phone != nil
        skip = hasContacts || event.assignedAgent != nil || event.clientStatus != nil ? nil : .noEffect
    }

    /// Why the event changes nothing once its lead was looked up (`found`: the lead, if any):
    /// without contacts there is nothing to create a lead from.
    public func skip(found: Int64?) -> IngestNote? {
        hasContacts || found != nil ? nil : .noMatchingClient
    }
}
