/// An operator's edit of the contact data and link that replies carry; nil leaves a field.
public struct ContactEdit: Sendable, Equatable {
    /// New name.
    public var name: String?
    /// New primary phone (empty removes it).
    public var phone: String?
    /// New primary email (empty removes it).
    public var email: String?
    /// New description.
    public var description: String?
    /// New crm_link (empty clears it, so the template's link is sent).
    public var crmLink: String?

    /// An edit.
    public init(
        name: String? = nil, phone: String? = nil, email: String? = nil, description: String? = nil,
        crmLink: String? = nil
    ) {
        self.name = name
        self.phone = phone
        self.email = email
        self.description = description
        self.crmLink = crmLink
    }

    /// Whether the edit changes nothing.
    public var isEmpty: Bool { self == ContactEdit() }

    /// Every reason the edit cannot be stored (``ContactLimits``), in the form's field order
    /// (name, phone, email, description, crm_link); empty when it can.
    public func problems(normalizer: ContactNormalizer) -> [String] {
        [
            name.flatMap(ContactLimits.nameProblem),
            phone.flatMap { ContactLimits.phoneProblem($0, normalizer: normalizer) },
            email.flatMap { ContactLimits.emailProblem($0, normalizer: normalizer) },
            description.flatMap(ContactLimits.descriptionProblem),
            crmLink.flatMap { ContactLimits.linkProblem($0, "CRM link") },
        ].compactMap { $0 }
    }
}
