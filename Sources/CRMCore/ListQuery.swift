/// Which leads a list shows and in what order: a tab, the filters over it, the order and a
/// search. The console's list holds one, and a saved view (`view.NAME = …`, the console's `V`,
/// `jivocrm leads --view NAME`) is one with a name.
public struct ListQuery: Sendable, Equatable {
    /// The tab.
    public var tab: LeadView
    /// Only this status (overrides the tab's status).
    public var status: LeadStatus?
    /// Only this manager's leads (login).
    public var managerLogin: String?
    /// Only leads without a manager.
    public var unassigned: Bool
    /// Only leads with open conflicts.
    public var conflicts: Bool
    /// Only leads with open tasks.
    public var tasks: Bool
    /// The order.
    public var sort: LeadSort
    /// A search, if any.
    public var search: String?

    /// A query; by default every lead, newest activity first.
    public init(
        tab: LeadView = .all, status: LeadStatus? = nil, managerLogin: String? = nil, unassigned: Bool = false,
        conflicts: Bool = false, tasks: Bool = false, sort: LeadSort = .activity, search: String? = nil
    ) {
        self.tab = tab
        self.status = status
        self.managerLogin = managerLogin
        self.unassigned = unassigned
        self.conflicts = conflicts
        self.tasks = tasks
        self.sort = sort
        self.search = search
    }

    /// Whether a filter beyond the tab narrows the list.
    public var isFiltered: Bool {
        search != nil || status != nil || managerLogin != nil || unassigned || conflicts || tasks
    }

    /// The same query without its filters and search: the tab and the order stay.
    public var unfiltered: ListQuery {
        ListQuery(tab: tab, sort: sort)
    }

    /// The store filter: the tab (Mine is the leads of `mine`, a manager login), then the
    /// filters over it, `limit` leads a page.
    public func filter(mine: String, limit: Int = 100) -> LeadFilter {
        var filter = LeadFilter(limit: limit)
        switch tab {
        case .unsorted: filter.status = .unsorted
        case .open: filter.status = .open
        case .all: break
        case .conflicts: filter.withOpenConflicts = true
        case .mine: filter.managerLogin = mine
        }
        if let status { filter.status = status }
        if let managerLogin { filter.managerLogin = managerLogin }
        filter.unassigned = unassigned
        filter.withOpenConflicts = filter.withOpenConflicts || conflicts
        filter.withOpenTasks = tasks
        filter.sort = sort
        filter.search = search
        return filter
    }
}
