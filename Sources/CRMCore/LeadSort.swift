/// The order of a lead list.
public enum LeadSort: String, Sendable, CaseIterable {
    /// Newest activity first (the default).
    case activity
    /// Newest lead first.
    case created
    /// By name (or title when there is no name), A to Z.
    case name
    /// Leads with open tasks only, the soonest due first.
    case due

    /// How lists and titles name the order.
    public var label: String {
        switch self {
        case .activity: "last activity"
        case .created: "created"
        case .name: "name"
        case .due: "due task"
        }
    }
}
