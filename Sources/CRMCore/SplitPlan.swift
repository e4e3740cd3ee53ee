import JivoProtocol

/// The new lead a split creates for the visitor behind a conflict, decided without the store.
///
/// It starts from the visitor data of the event the conflict came from (with the call's phone
/// when the visitor gave none), holds the disputed incoming value, and leaves out any email or
/// phone the original lead holds: those stay the original's.
public struct SplitPlan: Sendable, Equatable {
    /// The visitor data the new lead is filled from.
    public var visitor: Visitor
    /// The new lead's name for its title ("Visitor" when the data has none).
    public var name: String

    /// The plan for splitting `incoming` (a `field` value) off `original`, given the event's
    /// `eventVisitor` and `callPhone`.
    public init(
        field: ContactField, incoming: String, original: Lead, eventVisitor: Visitor?, callPhone: String?,
        normalizer: ContactNormalizer
    ) {
        var visitor = eventVisitor ?? Visitor()
        if visitor.phone == nil { visitor.phone = callPhone }
        switch field {
        case .email: visitor.email = incoming
        case .phone: visitor.phone = incoming
        case .name: visitor.name = incoming
        default: break
        }
        if let email = visitor.email.flatMap(normalizer.email),
            original.emails.contains(where: { $0.normalized == email })
        {
            visitor.email = nil
        }
        if let phone = visitor.phone.flatMap(normalizer.phone),
            original.phones.contains(where: { $0.normalized == phone })
        {
            visitor.phone = nil
        }
        self.visitor = visitor
        name = visitor.name ?? "Visitor"
    }
}
