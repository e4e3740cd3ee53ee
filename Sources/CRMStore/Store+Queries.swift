import CRMCore

/// The read models, each read by its repository: the lead list and its search
/// (``LeadListRepository``, carrying out CRMCore's ``SearchPlan``), one lead's summary and
/// detail (``LeadDetailRepository``), the task and conflict lists, the raw inbox.
extension Store {
    /// Leads matching `filter`, in its order, a page at a time (keyset pagination on an index,
    /// so a page costs the same on any store size), read in one snapshot.
    public func leads(_ filter: LeadFilter = LeadFilter()) throws -> [LeadSummary] {
        try leadList.page(filter, search: SearchPlan(filter.search, normalizer: settings.normalizer))
    }

    /// How many leads `filter` selects in all (its limit and position ignored); nil for a broad
    /// search (``broadSearchHits``), whose count would read every hit while the first page of
    /// it takes a few hundred leads.
    public func leadCount(_ filter: LeadFilter) throws -> Int? {
        try leadList.count(filter, search: SearchPlan(filter.search, normalizer: settings.normalizer))
    }

    /// The lead list and its search.
    var leadList: LeadListRepository {
        LeadListRepository(
            database: database, searchIndex: searchIndex, searchProbes: searchProbes, broadSearchHits: broadSearchHits,
            gatheredOpenTasks: gatheredOpenTasks)
    }

    /// Lead `id` with its counts.
    public func summary(_ id: Int64) throws -> LeadSummary? { try LeadDetailRepository(database: database).summary(id) }

    /// Everything about lead `id`, read in one snapshot; nil if there is no such lead.
    public func detail(_ id: Int64) throws -> LeadDetail? { try LeadDetailRepository(database: database).detail(id) }

    /// The lead's chats, newest first, with agents and messages.
    public func chats(lead: Int64) throws -> [ChatRecord] {
        try LeadDetailRepository(database: database).chats(lead: lead)
    }

    /// The lead's calls with their status history, newest first.
    public func calls(lead: Int64) throws -> [CallRecord] {
        try LeadDetailRepository(database: database).calls(lead: lead)
    }

    /// Tasks of one lead, newest first.
    public func tasks(lead: Int64) throws -> [TaskRecord] {
        try TaskListRepository(database: database).tasks(lead: lead)
    }

    /// Tasks: open ones by due time (overdue first), then done ones, newest first.
    public func tasks(openOnly: Bool, limit: Int = 1000) throws -> [TaskRecord] {
        try TaskListRepository(database: database).tasks(openOnly: openOnly, limit: limit)
    }

    /// Conflicts of one lead, open first.
    public func conflicts(lead: Int64) throws -> [ConflictRecord] {
        try ConflictListRepository(database: database).conflicts(lead: lead)
    }

    /// The conflict queue: open conflicts oldest first, or every conflict.
    public func conflicts(openOnly: Bool = true, limit: Int = 1000) throws -> [ConflictRecord] {
        try ConflictListRepository(database: database).conflicts(openOnly: openOnly, limit: limit)
    }

    /// Conflict `id`.
    public func conflict(_ id: Int64) throws -> ConflictRecord? {
        try ConflictListRepository(database: database).conflict(id)
    }

    /// Notes of one lead, newest first.
    public func notes(lead: Int64) throws -> [NoteRecord] {
        try LeadDetailRepository(database: database).notes(lead: lead)
    }

    /// The audit trail of one lead, oldest first.
    public func auditTrail(lead: Int64) throws -> [AuditEntry] {
        try auditLog.trail(lead: lead)
    }

    /// The raw inbox, newest first, optionally of one status.
    public func events(status: String? = nil, limit: Int = 1000) throws -> [EventRecord] {
        try EventListRepository(database: database).events(status: status, limit: limit)
    }

    /// The raw body of event `id`.
    public func eventBody(_ id: Int64) throws -> [UInt8]? { try EventListRepository(database: database).body(id) }
}
