extension ContactField {
    /// The fields an operator edits (replies carry them), in the order the contact form, the
    /// merge dialog, `jivocrm edit`'s flags and an edit's problems list them. The console's form,
    /// its read-back, the merge rows, the CLI flags and ``ContactEdit`` all derive from this.
    public static let editable: [ContactField] = [.name, .phone, .email, .description, .crmLink]

    /// How a form and a problem name the field.
    public var label: String {
        switch self {
        case .name: "Name"
        case .phone: "Phone"
        case .email: "Email"
        case .description: "Description"
        case .crmLink: "CRM link"
        case .duplicate: "Duplicate"
        }
    }

    /// The command-line flag that sets the field (`--crm-link` for `crm_link`).
    public var flag: String {
        "--" + String(rawValue.map { $0 == "_" ? "-" : $0 })
    }

    /// What `lead` holds in the field: the primary value of emails and phones, empty when unset
    /// (a duplicate is no value of a lead: empty).
    public func value(of lead: Lead) -> String {
        switch self {
        case .name: lead.name
        case .phone: lead.primaryPhone
        case .email: lead.primaryEmail
        case .description: lead.description
        case .crmLink: lead.crmLink ?? ""
        case .duplicate: ""
        }
    }

    /// Why `text` cannot be stored in the field (``ContactLimits``, phones and emails as
    /// `normalizer` reads them), or nil when it can.
    public func problem(_ text: String, normalizer: ContactNormalizer) -> String? {
        switch self {
        case .name: ContactLimits.nameProblem(text)
        case .phone: ContactLimits.phoneProblem(text, normalizer: normalizer)
        case .email: ContactLimits.emailProblem(text, normalizer: normalizer)
        case .description: ContactLimits.descriptionProblem(text)
        case .crmLink: ContactLimits.linkProblem(text, label)
        case .duplicate: nil
        }
    }
}
