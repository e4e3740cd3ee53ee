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

    /// How many conflicts were opened after conflict `id` (counted, not subtracted: PostgreSQL's
    /// ids leave gaps after a rolled-back transaction).
    func count(after id: Int64) throws -> Int {
        Int(try database.scalar("SELECT count(*) FROM conflicts WHERE id > ?", [.integer(id)]) ?? 0)
    }

    /// Opens a conflict on lead `lead` unless one for the same field and incoming matching form
    /// `normalized` exists already (open or decided); returns the new conflict's id, or nil.
    func open(
        lead: Int64, field: ContactField, current: String, incoming: String, normalized: String, otherLead: Int64?,
        eventID: Int64?, at now: Int64
    ) throws -> Int64? {
        let exists = try database.scalar(
            "SELECT 1 FROM conflicts WHERE lead_id = ? AND field = ? AND incoming_normalized = ?",
            [.integer(lead), .text(field.rawValue), .text(normalized)])
        guard exists == nil else { return nil }
        try database.run(
            """
            INSERT INTO conflicts(lead_id, field, current, incoming, incoming_normalized,
                other_lead_id, event_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .integer(lead), .text(field.rawValue), .text(current), .text(incoming),
                .text(normalized), SQLValue(otherLead), SQLValue(eventID), .integer(now),
            ])
        return database.lastInsertID
    }

    /// The matching form of conflict `id`'s incoming value.
    func incomingNormalized(_ id: Int64) throws -> String? {
        try database.first("SELECT incoming_normalized FROM conflicts WHERE id = ?", [.integer(id)]) { $0.text(0) }
    }

    /// The open conflict on lead `lead` about `field` whose incoming matching form is `normalized`.
    func findOpen(lead: Int64, field: String, normalized: String) throws -> Int64? {
        try database.scalar(
            "SELECT id FROM conflicts WHERE lead_id = ? AND field = ? AND incoming_normalized = ? AND status = 'open'",
            [.integer(lead), .text(field), .text(normalized)])
    }
}
