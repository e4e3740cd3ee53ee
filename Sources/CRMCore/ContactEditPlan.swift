/// What an operator's ``ContactEdit`` changes on a lead, decided without touching the store.
///
/// A value equal to the lead's changes nothing; an empty email or phone removes the primary
/// one; a new email or phone becomes the primary (moved first when the lead has it already);
/// an empty crm_link clears it.
public struct ContactEditPlan: Sendable, Equatable {
    /// One change, in the order name, description, crm_link, email, phone.
    public enum Change: Sendable, Equatable {
        /// The name or description becomes `after`.
        case text(ContactField, before: String, after: String)
        /// The crm_link becomes `after` (empty: cleared).
        case link(before: String?, after: String)
        /// The primary email or phone becomes `after` (nil: the primary is removed).
        case primary(ContactField, before: ContactValue?, after: ContactValue?)

        /// The field changed.
        public var field: ContactField {
            switch self {
            case .text(let field, _, _), .primary(let field, _, _): field
            case .link: .crmLink
            }
        }
    }

    /// The changes; empty when the edit changes nothing.
    public var changes: [Change] = []

    /// The plan for `edit` on `lead`; an error (changing nothing) when an email or phone given
    /// is not valid.
    public init(lead: Lead, edit: ContactEdit, normalizer: ContactNormalizer) throws(CRMError) {
        for (field, value, current) in [
            (ContactField.name, edit.name, lead.name), (.description, edit.description, lead.description),
        ] {
            guard let value = value?.trimmingWhitespace, value != current else { continue }
            changes.append(.text(field, before: current, after: value))
        }
        if let link = edit.crmLink?.trimmingWhitespace, link != (lead.crmLink ?? "") {
            changes.append(.link(before: lead.crmLink, after: link))
        }
        for (field, raw, current) in [(ContactField.email, edit.email, lead.emails), (.phone, edit.phone, lead.phones)]
        {
            guard let raw else { continue }
            let value = raw.trimmingWhitespace
            let before = current.first
            if value.isEmpty {
                if let before { changes.append(.primary(field, before: before, after: nil)) }
                continue
            }
            let after = ContactValue(value: value, normalized: try normalizer.valid(field, raw))
            guard before != after else { continue }
            changes.append(.primary(field, before: before, after: after))
        }
    }
}
