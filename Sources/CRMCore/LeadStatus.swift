/// Where a lead stands in the operators' triage.
public enum LeadStatus: String, Sendable, CaseIterable, Comparable {
    /// Created by a webhook and not looked at yet.
    case unsorted
    /// Accepted by an operator, being worked.
    case open
    /// Confirmed as a real prospect.
    case qualified
    /// Became a customer.
    case won
    /// Did not.
    case lost
    /// Declined: not a real lead.
    case spam

    /// A human label: the raw value capitalised (spelled out, as every chat_accepted's reply
    /// shows one).
    public var label: String {
        switch self {
        case .unsorted: "Unsorted"
        case .open: "Open"
        case .qualified: "Qualified"
        case .won: "Won"
        case .lost: "Lost"
        case .spam: "Spam"
        }
    }

    /// Statuses order by triage order.
    public static func < (lhs: LeadStatus, rhs: LeadStatus) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The status named `text` (case-insensitive), or an error listing the valid names.
    public static func parse(_ text: String) throws(CRMError) -> LeadStatus {
        guard let status = LeadStatus(rawValue: text.lowercased()) else {
            throw CRMError.invalidArgument(
                "unknown status '\(text)'; use one of: "
                    + allCases.map(\.rawValue).joined(separator: ", "))
        }
        return status
    }
}
