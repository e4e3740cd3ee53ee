/// What settling a conflict does to its lead, decided without touching the store.
///
/// - Name, description, crm_link: keep the current value or take the incoming one (a name may
///   also be split off).
/// - Email, phone: as above, or keep both (the incoming becomes an additional value), or split
///   (the visitor becomes a new lead holding the incoming value).
/// - Duplicate leads: keep both leads apart (keep-current or keep-both), or take the incoming
///   lead into this one (a merge).
public enum ResolutionPlan: Sendable, Equatable {
    /// The lead stays as it is.
    case keep
    /// The lead's name, description or crm_link becomes the incoming value.
    case setValue(ContactField)
    /// The incoming email or phone takes the current one's place in the lead's list.
    case replaceContact(ContactField)
    /// The incoming email or phone joins the lead's list as an additional value.
    case addContact(ContactField)
    /// The visitor becomes a new lead holding the incoming value.
    case split(ContactField)
    /// The other lead of a duplicate-leads conflict and this one become one lead (a merge).
    case mergeDuplicates

    /// The plan for settling a conflict about `field` with `resolution`; an error naming the
    /// resolutions that do apply when this one does not.
    public init(field: ContactField, resolution: Resolution) throws(CRMError) {
        switch (field, resolution) {
        case (_, .keepCurrent), (.duplicate, .keepBoth): self = .keep
        case (.name, .takeIncoming), (.description, .takeIncoming), (.crmLink, .takeIncoming):
            self = .setValue(field)
        case (.email, .takeIncoming), (.phone, .takeIncoming): self = .replaceContact(field)
        case (.email, .keepBoth), (.phone, .keepBoth): self = .addContact(field)
        case (.email, .split), (.phone, .split), (.name, .split): self = .split(field)
        case (.duplicate, .takeIncoming): self = .mergeDuplicates
        default:
            throw CRMError.invalidArgument(
                "\(resolution.rawValue) does not settle a \(field.rawValue) conflict; it is settled by "
                    + Self.resolutions(for: field).map(\.rawValue).joined(separator: " or "))
        }
    }

    /// The resolutions that settle a conflict about `field`.
    public static func resolutions(for field: ContactField) -> [Resolution] {
        switch field {
        case .email, .phone: Resolution.allCases
        case .name: [.keepCurrent, .takeIncoming, .split]
        case .duplicate: [.keepCurrent, .takeIncoming, .keepBoth]
        case .description, .crmLink: [.keepCurrent, .takeIncoming]
        }
    }

    /// Whether a conflict about `field` can be split off into a new lead: not a name that came
    /// with no chat (a merge's, an import's, an offline message's), which leaves nothing to move
    /// to the new lead but the name.
    public static func splitsOff(_ field: ContactField, withChat: Bool) -> Bool {
        withChat || field != .name
    }

    /// Whether settling is recorded as an undoable operation on the lead: a split and a merge
    /// are not, they have their own undo (unsplit, unmerge).
    public var isOperation: Bool {
        switch self {
        case .split, .mergeDuplicates: false
        default: true
        }
    }

    /// Whether settling a conflict about the stored field `field` with `resolution` is recorded
    /// as an undoable operation: never a split or a merge (``isOperation``); a conflict about a
    /// field this jivocrm does not know, or a resolution that does not apply, is (it fails
    /// inside the operation, changing nothing).
    public static func isOperation(field: String, resolution: Resolution) -> Bool {
        guard resolution != .split else { return false }
        guard let field = ContactField(rawValue: field),
            let plan = try? ResolutionPlan(field: field, resolution: resolution)
        else { return true }
        return plan.isOperation
    }

    /// The matching form of a conflict's email or phone `value` under today's rules, or an
    /// error saying how to settle it when it is no longer valid (the rules changed since).
    public static func matchingForm(of value: String, _ field: ContactField, normalizer: ContactNormalizer)
        throws(CRMError) -> String
    {
        guard let result = field == .email ? normalizer.email(value) : normalizer.phone(value) else {
            throw CRMError.invalidArgument(
                "the conflict's \(field.rawValue) is no longer a valid \(field.rawValue) under today's rules; "
                    + "keep the current value or split it off instead")
        }
        return result
    }
}
