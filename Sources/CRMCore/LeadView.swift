/// Which leads the list shows: the tabs of the lead list.
public enum LeadView: Int, Sendable, Hashable, CaseIterable {
    /// Leads nobody triaged yet.
    case unsorted
    /// Accepted leads being worked.
    case open
    /// Every lead.
    case all
    /// Leads with open conflicts.
    case conflicts
    /// The operator's own leads.
    case mine

    /// The tab's name.
    public var label: String {
        switch self {
        case .unsorted: "Unsorted"
        case .open: "Open"
        case .all: "All"
        case .conflicts: "Conflicts"
        case .mine: "Mine"
        }
    }
}
