/// Which leads a list shows.
public struct LeadFilter: Sendable, Equatable {
    /// Only this status.
    public var status: LeadStatus?
    /// Only this manager's leads (login).
    public var managerLogin: String?
    /// Only leads without a manager.
    public var unassigned: Bool
    /// Only leads whose name, emails, phones, title or transcript text contain this.
    public var search: String?
    /// Only leads with open conflicts.
    public var withOpenConflicts: Bool
    /// Only leads with open tasks.
    public var withOpenTasks: Bool
    /// The order.
    public var sort: LeadSort
    /// At most this many.
    public var limit: Int
    /// Start after this lead, the previous page's last row (keyset pagination in `sort` order).
    public var after: Int64?

    /// Whether only leads with open tasks are selected: asked for, or implied by the order by
    /// due task (a lead without one has no place in it).
    public var requiresOpenTasks: Bool { withOpenTasks || sort == .due }

    /// A filter; by default every lead, newest activity first, 100 at a time.
    public init(
        status: LeadStatus? = nil, managerLogin: String? = nil, unassigned: Bool = false, search: String? = nil,
        withOpenConflicts: Bool = false, withOpenTasks: Bool = false, sort: LeadSort = .activity, limit: Int = 100,
        after: Int64? = nil
    ) {
        self.status = status
        self.managerLogin = managerLogin
        self.unassigned = unassigned
        self.search = search
        self.withOpenConflicts = withOpenConflicts
        self.withOpenTasks = withOpenTasks
        self.sort = sort
        self.limit = limit
        self.after = after
    }
}
