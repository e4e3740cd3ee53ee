import CRMCore

/// The SQL of settling conflicts: their status, resolution and the lead a split created.
struct ConflictRepository {
    let database: Database

    /// The lead and field of conflict `id`, or nil when there is none.
    func subject(_ id: Int64) throws -> (lead: Int64, field: String)? {
        try database.first("SELECT lead_id, field FROM conflicts WHERE id = ?", [.integer(id)]) {
            ($0.int(0), $0.text(1))
        }
    }

    /// Marks conflict `id` settled with `resolution` by `actor` at `at`.
    func resolve(_ id: Int64, _ resolution: Resolution, at: Int64, by actor: String) throws {
        try database.run(
            "UPDATE conflicts SET status = 'resolved', resolution = ?, resolved_at = ?, resolved_by = ? WHERE id = ?",
            [.text(resolution.rawValue), .integer(at), .text(actor), .integer(id)])
    }

    /// Records that settling conflict `id` split lead `lead` off.
    func setSplit(_ id: Int64, into lead: Int64?) throws {
        try database.run("UPDATE conflicts SET split_into = ? WHERE id = ?", [SQLValue(lead), .integer(id)])
    }

    /// The lead the split that settled conflict `id` created, or nil when no split did.
    func splitLead(_ id: Int64) throws -> Int64? {
        try database.first("SELECT split_into FROM conflicts WHERE id = ? AND resolution = 'split'", [.integer(id)]) {
            $0.optionalInt(0)
        } ?? nil
    }

    /// Opens conflict `id` again, forgetting how it was settled.
    func reopen(_ id: Int64) throws {
        try database.run(
            "UPDATE conflicts SET status = 'open', resolution = NULL, resolved_at = NULL, resolved_by = NULL, "
                + "split_into = NULL WHERE id = ?", [.integer(id)])
    }

    /// The latest split conflict that created lead `id` or split a lead off it, while the lead
    /// it created is not merged away.
    func undoableSplit(lead id: Int64) throws -> Int64? {
        try database.first(
            "SELECT c.id FROM conflicts c JOIN leads n ON n.id = c.split_into "
                + "WHERE c.resolution = 'split' AND n.merged_into IS NULL AND (c.split_into = ?1 OR c.lead_id = ?1) "
                + "ORDER BY c.resolved_at DESC, c.id DESC LIMIT 1", [.integer(id)]
        ) { $0.int(0) }
    }

    /// The latest split by `actor` that can still be undone, and when it was made.
    func latestSplit(by actor: String) throws -> (conflict: Int64, at: Int64)? {
        try database.first(
            "SELECT c.id, c.resolved_at FROM conflicts c JOIN leads n ON n.id = c.split_into "
                + "WHERE c.resolution = 'split' AND c.resolved_by = ? AND n.merged_into IS NULL "
                + "ORDER BY c.resolved_at DESC, c.id DESC LIMIT 1", [.text(actor)]
        ) { ($0.int(0), $0.int(1)) }
    }

    /// The highest conflict id so far (0 when there is none).
    func lastID() throws -> Int64 {
        try database.scalar("SELECT coalesce(max(id), 0) FROM conflicts") ?? 0
    }
}
