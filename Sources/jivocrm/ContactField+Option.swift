import CRMCore

extension ContactField {
    /// The `jivocrm edit` option that sets the field (``ContactField/flag``); nil for a
    /// duplicate, which is no field an edit sets.
    var option: OptionSpec? {
        switch self {
        case .name: .value(flag, "N", "the person's name")
        case .phone: .value(flag, "P", "the primary phone")
        case .email: .value(flag, "E", "the primary email")
        case .description: .value(flag, "D", "the comment about the person")
        case .crmLink: .value(flag, "URL", "the link to the lead's card")
        case .duplicate: nil
        }
    }
}
