import CRMCore

/// The SQL of an export: which leads an ``ExportFilter`` selects (merged leads never) and the
/// titles of their custom fields.
struct ExportRepository {
    /// The connection.
    let database: Database

    /// The ids of the leads `filter` selects, oldest first.
    func leads(_ filter: ExportFilter) throws -> [Int64] {
        let (condition, values) = self.condition(filter)
        return try database.rows("SELECT l.id FROM leads l WHERE \(condition) ORDER BY l.id", values) { $0.int(0) }
    }

    /// The custom field titles of the leads `filter` selects, lead by lead in field order
    /// (repeats included).
    func fieldTitles(_ filter: ExportFilter) throws -> [String] {
        let (condition, values) = self.condition(filter)
        return try database.rows(
            "SELECT f.title FROM lead_fields f JOIN leads l ON l.id = f.lead_id WHERE \(condition) "
                + "ORDER BY f.lead_id, f.position", values
        ) { $0.text(0) }
    }

    /// The condition on `leads l` and its values for `filter`.
    private func condition(_ filter: ExportFilter) -> (String, [SQLValue]) {
        var conditions = ["l.merged_into IS NULL"]
        var values: [SQLValue] = []
        if let status = filter.status {
            conditions.append("l.status = ?")
            values.append(.text(status.rawValue))
        }
        if let since = filter.since {
            conditions.append(
                database.isPostgres
                    ? "greatest(l.updated_at, l.last_activity_at) >= ?" : "max(l.updated_at, l.last_activity_at) >= ?")
            values.append(.integer(since))
        }
        return (conditions.joined(separator: " AND "), values)
    }
}
