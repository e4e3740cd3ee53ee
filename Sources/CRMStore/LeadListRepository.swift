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

    /// The leads `filter` selects with `search`, a page at a time (keyset pagination on an
    /// index, so a page costs the same on any store size), read in one snapshot.
    func page(_ filter: LeadFilter, search: SearchPlan) throws -> [LeadSummary] {
        var (conditions, values, broad) = try self.conditions(filter, search: search)
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
                mergesWalks(filter, search: search, broad: broad)
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
        let (conditions, values, broad) = try self.conditions(filter, search: search)
        if broad { return nil }
        return Int(
            try database.scalar("SELECT count(*) FROM leads l WHERE \(conditions.joined(separator: " AND "))", values)
                ?? 0)
    }

    /// The sort key of `sort` as an SQL expression on `leads l` (each has an index; activity, on
    /// SQLite, one per status and one per manager), and its direction; on PostgreSQL the name is
    /// compared lowercased, as its index holds it.
    private static func order(_ sort: LeadSort, postgres: Bool) -> (key: String, ascending: Bool) {
        switch sort {
        case .activity: ("l.last_activity_at", false)
        case .created: ("l.created_at", false)
        case .name where postgres: ("lower(CASE WHEN l.name = '' THEN l.title ELSE l.name END)", true)
        case .name: ("(CASE WHEN l.name = '' THEN l.title ELSE l.name END) COLLATE NOCASE", true)
        case .due:
            ("(SELECT min(t.due_at) FROM tasks t WHERE t.lead_id = l.id AND t.status = 'open')", true)
        }
    }

    /// The SQL conditions (on `leads l`) and their values for `filter`'s criteria and `search`,
    /// and whether the search is broad.
    func conditions(_ filter: LeadFilter, search: SearchPlan) throws -> ([String], [SQLValue], Bool) {
        var conditions = ["l.merged_into IS NULL"]
        var values: [SQLValue] = []
        // The open conflicts' leads are gathered (a few, by `conflicts_open`) rather than each
        // lead tested for one: a list with few of them walked every lead to fill a page. On
        // SQLite the status and manager then use no index (`+`), which would have SQLite walk
        // every lead of the status or manager testing each against the few; PostgreSQL (no unary
        // `+` on text) plans by its statistics.
        let gathering = filter.withOpenConflicts && !database.isPostgres ? "+" : ""
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
        if filter.requiresOpenTasks {
            conditions.append("EXISTS (SELECT 1 FROM tasks t WHERE t.lead_id = l.id AND t.status = 'open')")
        }
        var broad = false
        switch search {
        case .everything:
            break
        case .lead(let id):
            conditions.append("l.id = ?")
            values.append(.integer(id))
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
