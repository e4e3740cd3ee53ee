import CRMCore

/// The SQL of the lead list: a page of leads a ``LeadFilter`` selects, in its order, and how
/// many it selects; the search it carries out is the ``SearchPlan`` CRMCore made of it
/// (``LeadListRepository+Search``).
struct LeadListRepository {
    /// The connection.
    let database: Database
    /// The search index, brought up to date before a text search reads it.
    let searchIndex: SearchIndex
    /// The last PostgreSQL search probe's hits (``SearchProbeCache``).
    let searchProbes: SearchProbeCache
    /// A search with at least this many hits is broad (``Store/broadSearchHits``).
    let broadSearchHits: Int
    /// The open tasks whose leads a list gathers are fewer than this (``Store/gatheredOpenTasks``).
    let gatheredOpenTasks: Int

    /// The leads `filter` selects with `search`, a page at a time (keyset pagination on an
    /// index, so a page costs the same on any store size), read in one snapshot.
    func page(_ filter: LeadFilter, search: SearchPlan) throws -> [LeadSummary] {
        let gatheringTasks = try gathersOpenTasks(filter)
        var (conditions, values, broad) = try self.conditions(filter, search: search, gatheringTasks: gatheringTasks)
        let order = Self.order(filter.sort, postgres: database.isPostgres)
        if let after = filter.after {
            // The key of the previous page's last row, read back by its id.
            conditions.append(
                "(\(order.key), l.id) \(order.ascending ? ">" : "<") "
                    + "((SELECT \(order.key) FROM leads l WHERE l.id = ?), ?)")
            values += [.integer(after), .integer(after)]
        }
        return try database.read {
            let ids =
                mergesWalks(filter, search: search, broad: broad, gatheringTasks: gatheringTasks)
                ? try activityMerge(conditions, values, limit: filter.limit)
                : try database.rows(
                    Self.pageStatement(conditions, sort: filter.sort, postgres: database.isPostgres),
                    values + [.integer(Int64(filter.limit))]
                ) { $0.int(0) }
            return try LeadDetailRepository(database: database).summaries(ids)
        }
    }

    /// The statement that reads a page in one go: the ids `conditions` select in `sort`'s order,
    /// as many as its last parameter.
    static func pageStatement(_ conditions: [String], sort: LeadSort, postgres: Bool) -> String {
        let order = Self.order(sort, postgres: postgres)
        let direction = order.ascending ? "ASC" : "DESC"
        return "SELECT l.id FROM leads l WHERE \(conditions.joined(separator: " AND ")) "
            + "ORDER BY \(order.key) \(direction), l.id \(direction) LIMIT ?"
    }

    /// How many leads `filter` selects with `search` in all (its limit and position ignored);
    /// nil for a broad search.
    func count(_ filter: LeadFilter, search: SearchPlan) throws -> Int? {
        // The open tasks' leads are gathered for a count however many: counting tests every
        // lead a walk would reach (1,000,000 leads, 30,000 open tasks: 0.57–0.81 s walked, 0.10
        // gathered).
        let (conditions, values, broad) = try self.conditions(
            filter, search: search, gatheringTasks: filter.requiresOpenTasks)
        if broad { return nil }
        return Int(
            try database.scalar("SELECT count(*) FROM leads l WHERE \(conditions.joined(separator: " AND "))", values)
                ?? 0)
    }

    /// The sort key of `sort` as an SQL expression on `leads l` (each but the due task has an
    /// index; activity, on SQLite, one per status and one per manager), and its direction; on
    /// PostgreSQL the name is compared lowercased, as its index holds it.
    private static func order(_ sort: LeadSort, postgres: Bool) -> (key: String, ascending: Bool) {
        switch sort {
        case .activity: ("l.last_activity_at", false)
        case .created: ("l.created_at", false)
        case .name where postgres: ("lower(CASE WHEN l.name = '' THEN l.title ELSE l.name END)", true)
        case .name: ("(CASE WHEN l.name = '' THEN l.title ELSE l.name END) COLLATE NOCASE", true)
        // A lead's next due task is looked up by the lead (`tasks_lead`): given `status`, SQLite
        // took `tasks_open` for `min(due_at)`, walking every open task in due order until one
        // was the lead's (5,000 open tasks: 3.5 s for a page at 1,000,000 leads). PostgreSQL has
        // no unary `+` on text.
        case .due:
            (
                "(SELECT min(t.due_at) FROM tasks t WHERE t.lead_id = l.id AND \(postgres ? "" : "+")t.status = 'open')",
                true
            )
        }
    }

    /// Whether a page of a list that needs open tasks gathers their leads (by `tasks_open`)
    /// instead of testing each lead of its walk for one: a few open tasks among many leads made
    /// a page walk the whole store (1.2–2.5 s at 1,000,000 leads with 50 open tasks). Always for
    /// the order by due task, which no index holds (each lead's due task is read to sort them
    /// either way); for the other orders while the open tasks are fewer than
    /// ``gatheredOpenTasks``, since many are found soon down a walk and gathering them all
    /// would sort them all for every page.
    func gathersOpenTasks(_ filter: LeadFilter) throws -> Bool {
        guard filter.requiresOpenTasks else { return false }
        if filter.sort == .due { return true }
        let open = try database.scalar(
            "SELECT count(*) FROM (SELECT 1 FROM tasks WHERE status = 'open' LIMIT ?) AS listed",
            [.integer(Int64(gatheredOpenTasks))])
        return (open ?? 0) < gatheredOpenTasks
    }

    /// The SQL conditions (on `leads l`) and their values for `filter`'s criteria and `search`,
    /// and whether the search is broad. `gatheringTasks`: whether the open tasks' leads are
    /// gathered (``gathersOpenTasks(_:)`` for a page; always for a count).
    func conditions(
        _ filter: LeadFilter, search: SearchPlan, gatheringTasks: Bool
    ) throws -> ([String], [SQLValue], Bool) {
        var conditions = ["l.merged_into IS NULL"]
        var values: [SQLValue] = []
        // The open conflicts' leads are gathered (a few, by `conflicts_open`) rather than each
        // lead tested for one: a list with few of them walked every lead to fill a page; so are
        // the open tasks' leads when they are few (``gathersOpenTasks(_:)``). On SQLite the
        // status and manager then use no index (`+`), which would have SQLite walk every lead of
        // the status or manager testing each against the few; PostgreSQL (no unary `+` on text)
        // plans by its statistics.
        let gathering = (filter.withOpenConflicts || gatheringTasks) && !database.isPostgres ? "+" : ""
        if let status = filter.status {
            conditions.append("\(gathering)l.status = ?")
            values.append(.text(status.rawValue))
        }
        if let login = filter.managerLogin {
            conditions.append("\(gathering)l.manager_id = (SELECT id FROM managers WHERE login = ?)")
            values.append(.text(login))
        }
        if filter.unassigned { conditions.append("\(gathering)l.manager_id IS NULL") }
        if filter.withOpenConflicts {
            conditions.append("l.id IN (SELECT c.lead_id FROM conflicts c WHERE c.status = 'open')")
        }
        if gatheringTasks {
            conditions.append("l.id IN (SELECT t.lead_id FROM tasks t WHERE t.status = 'open')")
        } else if filter.requiresOpenTasks {
            conditions.append("EXISTS (SELECT 1 FROM tasks t WHERE t.lead_id = l.id AND t.status = 'open')")
        }
        var broad = false
        switch search {
        case .everything:
            break
        case .lead(let id):
            // A lead merged into another is found as the lead that holds its data now.
            conditions.append("l.id = ?")
            values.append(.integer(try MergeRepository(database: database).holder(of: id) ?? id))
        case .contacts(let spellings, let lowered):
            try searchIndex.flush()
            conditions.append(Self.contactsCondition(spellings, lowered: lowered, values: &values))
        case .anyOf(let terms):
            try searchIndex.flush()
            let condition: String
            (condition, broad) =
                database.isPostgres
                ? try postgresTextCondition(terms, values: &values) : try textCondition(terms, values: &values)
            conditions.append(condition)
        }
        return (conditions, values, broad)
    }
}
