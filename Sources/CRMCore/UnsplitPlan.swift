/// What undoing a split takes back off the original lead once the split lead has joined it
/// again, decided without the store.
///
/// The disputed email or phone was the split's, never the original lead's: when the original
/// did not hold it before the split lead joined again, it goes (so the reopened conflict is the
/// one there was, settled as before). A name, or a value the original held, stays.
public struct UnsplitPlan: Sendable, Equatable {
    /// A value taken off a list.
    public struct Removal: Sendable, Equatable {
        /// The list: email or phone.
        public var field: ContactField
        /// The value's matching form.
        public var normalized: String

        /// `normalized` taken off the `field` list.
        public init(field: ContactField, normalized: String) {
            self.field = field
            self.normalized = normalized
        }
    }

    /// The value the original lead loses; nil when nothing goes.
    public var removal: Removal?

    /// The plan for undoing the split of `incoming` (a `field` value) off `original` (the lead
    /// as it was before the split lead joined it again).
    public init(field: ContactField, incoming: String, original: Lead, normalizer: ContactNormalizer) {
        let disputed: String?
        let held: [ContactValue]
        switch field {
        case .email:
            disputed = normalizer.email(incoming)
            held = original.emails
        case .phone:
            disputed = normalizer.phone(incoming)
            held = original.phones
        default:
            disputed = nil
            held = []
        }
        guard let disputed, !held.contains(where: { $0.normalized == disputed }) else { return }
        removal = Removal(field: field, normalized: disputed)
    }
}
