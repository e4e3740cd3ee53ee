import CRMCore

/// The SQL of the audit trail and of the operator operations recorded over it
/// (`audit`, `operations`, `operation_parts`).
struct AuditLog {
    let database: Database

    /// Appends an audit entry.
    func append(
        at: Int64, actor: String, lead: Int64?, action: String, field: String?, before: String?, after: String?,
        detail: String?
    ) throws {
        try database.run(
            "INSERT INTO audit(at, actor, lead_id, action, field, before, after, detail) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                .integer(at), .text(actor), SQLValue(lead), .text(action), SQLValue(field), SQLValue(before),
                SQLValue(after), SQLValue(detail),
            ])
    }

    /// Whether lead `lead`'s trail has an entry `action` on `field` whose value after is `after`.
    func contains(lead: Int64, action: String, field: String, after: String) throws -> Bool {
        try database.scalar(
            "SELECT 1 FROM audit WHERE lead_id = ? AND action = ? AND field = ? AND after = ?",
            [.integer(lead), .text(action), .text(field), .text(after)]) != nil
    }

    /// The id of the latest audit entry (0 when there is none).
    func lastID() throws -> Int64 {
        try database.scalar("SELECT coalesce(max(id), 0) FROM audit") ?? 0
    }

    /// Who made the latest change to lead `lead` after audit entry `id`, and when.
    func lastChange(lead: Int64, after id: Int64) throws -> (actor: String, at: Int64)? {
        try database.first(
            "SELECT actor, at FROM audit WHERE lead_id = ? AND id > ? ORDER BY id DESC LIMIT 1",
            [.integer(lead), .integer(id)]
        ) { ($0.text(0), $0.int(1)) }
    }

    /// Records an operation on lead `lead` with its `parts`, and makes it the owner of the
    /// audit entries written after entry `lastAudit`; returns its id.
    @discardableResult
    func recordOperation(
        at: Int64, actor: String, lead: Int64, summary: String, undo: String, parts: [UndoDecision.Part],
        auditAfter lastAudit: Int64
    ) throws -> Int64 {
        try database.run(
            """
            INSERT INTO operations(at, actor, lead_id, summary, undo, last_audit)
            VALUES (?, ?, ?, ?, ?, (SELECT coalesce(max(id), 0) FROM audit))
            """, [.integer(at), .text(actor), .integer(lead), .text(summary), .text(undo)])
        let id = database.lastInsertID
        for part in parts {
            try database.run(
                "INSERT INTO operation_parts(operation_id, part, before, after) VALUES (?, ?, ?, ?)",
                [.integer(id), .text(part.key), SQLValue(part.before), SQLValue(part.after)])
        }
        try database.run(
            "UPDATE audit SET operation_id = ? WHERE id > ? AND operation_id IS NULL",
            [.integer(id), .integer(lastAudit)])
        return id
    }

    private static func operationRow(_ row: Statement) -> OperationRecord {
        OperationRecord(
            id: row.int(0), at: row.int(1), actor: row.text(2), leadID: row.int(3), summary: row.text(4),
            undo: row.text(5), undoneAt: row.optionalInt(6), undoneBy: row.optionalText(7))
    }

    /// The operations of `actor` not undone yet, newest first.
    func undoableOperations(actor: String, limit: Int) throws -> [OperationRecord] {
        try database.rows(
            """
            SELECT id, at, actor, lead_id, summary, undo, undone_at, undone_by FROM operations
            WHERE actor = ? AND undone_at IS NULL ORDER BY id DESC LIMIT ?
            """, [.text(actor), .integer(Int64(limit))], Self.operationRow)
    }

    /// The newest operation's id (0 with none).
    func lastOperationID() throws -> Int64 {
        try database.scalar("SELECT coalesce(max(id), 0) FROM operations") ?? 0
    }

    /// The ids of `actor`'s operations after operation `id`, oldest first.
    func operationIDs(actor: String, after id: Int64) throws -> [Int64] {
        try database.rows(
            "SELECT id FROM operations WHERE actor = ? AND id > ? ORDER BY id", [.text(actor), .integer(id)]
        ) { $0.int(0) }
    }

    /// Operation `id`, or nil if there is none.
    func operation(_ id: Int64) throws -> OperationRecord? {
        try database.first(
            "SELECT id, at, actor, lead_id, summary, undo, undone_at, undone_by FROM operations WHERE id = ?",
            [.integer(id)], Self.operationRow)
    }

    /// The last audit entry before operation `id` ended (its own entries are up to it).
    func lastAudit(ofOperation id: Int64) throws -> Int64 {
        try database.scalar("SELECT last_audit FROM operations WHERE id = ?", [.integer(id)]) ?? 0
    }

    /// The parts operation `id` changed, by name.
    func parts(ofOperation id: Int64) throws -> [UndoDecision.Part] {
        try database.rows(
            "SELECT part, before, after FROM operation_parts WHERE operation_id = ? ORDER BY part", [.integer(id)]
        ) { UndoDecision.Part(key: $0.text(0), before: $0.optionalText(1), after: $0.optionalText(2)) }
    }

    /// Marks operation `id` undone by `actor` at `at`.
    func markUndone(_ id: Int64, at: Int64, by actor: String) throws {
        try database.run(
            "UPDATE operations SET undone_at = ?, undone_by = ? WHERE id = ?",
            [.integer(at), .text(actor), .integer(id)])
    }

    /// Every operator entry (any actor but `webhook`), in order.
    func operatorEntries() throws -> [AuditEntry] {
        try database.rows(Self.entryColumns + " WHERE actor != 'webhook' ORDER BY id", [], Self.entry)
    }

    /// The audit trail of lead `lead`, oldest first.
    func trail(lead: Int64) throws -> [AuditEntry] {
        try database.rows(Self.entryColumns + " WHERE lead_id = ? ORDER BY id", [.integer(lead)], Self.entry)
    }

    /// The columns ``entry(_:)`` reads, in its order.
    private static let entryColumns = "SELECT id, at, actor, lead_id, action, field, before, after, detail FROM audit"

    /// One audit row as an entry.
    private static func entry(_ row: Statement) -> AuditEntry {
        AuditEntry(
            id: row.int(0), at: row.int(1), actor: row.text(2), leadID: row.optionalInt(3), action: row.text(4),
            field: row.optionalText(5), before: row.optionalText(6), after: row.optionalText(7),
            detail: row.optionalText(8))
    }
}
