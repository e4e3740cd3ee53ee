import CRMCore

/// The lead list newest activity first across every status, on SQLite: the store keeps no
/// index of all leads by activity (schema 15 dropped `leads_activity`, which every event
/// that moves a lead's activity had to rewrite), so the list walks each status's leads in
/// `leads_status_activity`'s order and merges the walks. Each walk is stepped only as far as
/// the merge takes rows from it, so a page tests the same leads a walk of one index would,
/// plus the next lead of each status.
extension LeadListRepository {
    /// The statuses leads hold, read as a skip scan of `leads_status_activity` (one seek per
    /// status, however many leads each has). Read from the store, not from ``LeadStatus``, so a
    /// lead whose status this jivocrm does not know is still listed.
    static let presentStatuses = """
        WITH RECURSIVE present(status) AS (
            SELECT min(status) FROM leads
            UNION ALL
            SELECT (SELECT min(status) FROM leads WHERE status > present.status) FROM present
            WHERE present.status IS NOT NULL)
        SELECT status FROM present WHERE status IS NOT NULL
        """

    /// Whether `filter`'s list (with `search`, `broad` or not) is read by ``activityMerge``: a
    /// list in activity order across every status, on SQLite (PostgreSQL keeps the index),
    /// unless a manager's index gives the order (a manager's list) or its few leads are gathered
    /// first, by the search, from the open conflicts or from the open tasks (`gatheringTasks`;
    /// they are sorted; walking each status's leads to test them against the few would read
    /// them all).
    func mergesWalks(_ filter: LeadFilter, search: SearchPlan, broad: Bool, gatheringTasks: Bool) -> Bool {
        guard filter.sort == .activity, filter.status == nil, filter.managerLogin == nil, !filter.unassigned,
            !filter.withOpenConflicts, !gatheringTasks, !database.isPostgres
        else { return false }
        switch search {
        case .everything, .contacts: return true
        case .anyOf: return broad
        case .lead: return false
        }
    }

    /// One status's walk: its leads (the status the last parameter) that `conditions` select,
    /// newest activity first, as `leads_status_activity` holds them.
    static func walk(_ conditions: [String]) -> String {
        "SELECT l.id, l.last_activity_at FROM leads l WHERE "
            + (conditions + ["l.status = ?"]).joined(separator: " AND ")
            + " ORDER BY l.last_activity_at DESC, l.id DESC"
    }

    /// The ids of the first `limit` leads `conditions` (on `leads l`, with `values`) select,
    /// newest activity first (ties: highest id first), merged from one walk per status.
    func activityMerge(_ conditions: [String], _ values: [SQLValue], limit: Int) throws -> [Int64] {
        let sql = Self.walk(conditions)
        // One statement per walk, all open at once: the cache holds one per text, so these are
        // prepared for the page.
        var walks: [Statement] = []
        var heads: [WalkHead] = []
        for status in try database.rows(Self.presentStatuses, [], { $0.text(0) }) {
            let walk = try Statement(database: database, sql: sql)
            try walk.bind(values + [.text(status)])
            walks.append(walk)
            if try walk.step() { heads.append(WalkHead(walk, number: walks.count - 1)) }
        }
        var ids: [Int64] = []
        while ids.count < limit, let next = heads.indices.max(by: { heads[$0].order < heads[$1].order }) {
            let walk = walks[heads[next].walk]
            ids.append(heads[next].id)
            if try walk.step() {
                heads[next] = WalkHead(walk, number: heads[next].walk)
            } else {
                heads.remove(at: next)
            }
        }
        return ids
    }
}

/// The lead a walk of ``LeadListRepository/activityMerge(_:_:limit:)`` stands on, and which
/// walk it is.
private struct WalkHead {
    let activity: Int64
    let id: Int64
    let walk: Int

    /// The lead on `statement`'s current row (id, activity), of walk `number`.
    init(_ statement: Statement, number: Int) {
        activity = statement.int(1)
        id = statement.int(0)
        walk = number
    }

    /// The list's order: the greater comes first (newer activity, then higher id).
    var order: (Int64, Int64) { (activity, id) }
}
