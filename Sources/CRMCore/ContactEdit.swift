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

    /// An edit setting each field of `values` (``ContactField/editable`` ones) to its value.
    public init(_ values: [(ContactField, String)]) {
        self.init()
        for (field, value) in values { self[field] = value }
    }

    /// The new value of `field`, nil when the edit leaves it (a duplicate is never edited).
    public subscript(field: ContactField) -> String? {
        get {
            switch field {
            case .name: name
            case .phone: phone
            case .email: email
            case .description: description
            case .crmLink: crmLink
            case .duplicate: nil
            }
        }
        set {
            switch field {
            case .name: name = newValue
            case .phone: phone = newValue
            case .email: email = newValue
            case .description: description = newValue
            case .crmLink: crmLink = newValue
            case .duplicate: break
            }
        }
    }

    /// Every reason the edit cannot be stored (``ContactLimits``), in the form's field order
    /// (``ContactField/editable``); empty when it can.
    public func problems(normalizer: ContactNormalizer) -> [String] {
        ContactField.editable.compactMap { field in self[field].flatMap { field.problem($0, normalizer: normalizer) } }
    }
}
