extension BulkChange {
    /// Whether the change does anything to `lead`: a lead that has the status or the manager
    /// already is left alone (and not counted); completing tasks depends on its open tasks.
    public func changes(_ lead: Lead) -> Bool {
        switch self {
        case .status(let status): lead.status != status
        case .assign(let login): lead.manager?.login != login
        case .completeTasks: true
        }
    }

    /// The value of `lead` the change replaces, as an operator saw it before choosing the
    /// change: its status, or its manager's login ("" for none); nil for tasks, which completing
    /// replaces nothing of.
    public func replaced(in lead: Lead) -> String? {
        switch self {
        case .status: lead.status.rawValue
        case .assign: lead.manager?.login ?? ""
        case .completeTasks: nil
        }
    }

    /// What a lead holding `value` (as ``replaced(in:)`` gives it) is, said of the lead: "is Won
    /// now", "is assigned to anna now", "has no manager now".
    public func holding(_ value: String) -> String {
        switch self {
        case .status: "is \(LeadStatus(rawValue: value)?.label ?? value) now"
        case .assign: value.isEmpty ? "has no manager now" : "is assigned to \(value) now"
        case .completeTasks: "changed"
        }
    }
}
