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
}
