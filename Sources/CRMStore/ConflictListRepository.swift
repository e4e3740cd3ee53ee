import CRMCore

/// The SQL of the conflict lists: one lead's conflicts, the conflict queue, one conflict.
struct ConflictListRepository {
    /// The connection.
    let database: Database

    private static let columns = """
        SELECT id, lead_id, field, current, incoming, other_lead_id, event_id, status, resolution,
            created_at, resolved_at, resolved_by FROM conflicts
        """

    private static func row(_ row: Statement) -> ConflictRecord {
        ConflictRecord(
            id: row.int(0), leadID: row.int(1), field: row.text(2), current: row.text(3),
            incoming: row.text(4), otherLeadID: row.optionalInt(5), eventID: row.optionalInt(6),
            status: row.text(7), resolution: row.optionalText(8), createdAt: row.int(9),
            resolvedAt: row.optionalInt(10), resolvedBy: row.optionalText(11))
    }

    /// Conflicts of one lead, open first.
    func conflicts(lead: Int64) throws -> [ConflictRecord] {
        try database.rows(
            Self.columns + " WHERE lead_id = ? ORDER BY status = 'resolved', id", [.integer(lead)], Self.row)
    }

    /// The conflict queue: open conflicts oldest first, or every conflict.
    func conflicts(openOnly: Bool, limit: Int) throws -> [ConflictRecord] {
        try database.rows(
            Self.columns + (openOnly ? " WHERE status = 'open'" : "") + " ORDER BY status = 'resolved', id LIMIT ?",
            [.integer(Int64(limit))], Self.row)
    }

    /// Conflict `id`.
    func conflict(_ id: Int64) throws -> ConflictRecord? {
        try database.first(Self.columns + " WHERE id = ?", [.integer(id)], Self.row)
    }
}
