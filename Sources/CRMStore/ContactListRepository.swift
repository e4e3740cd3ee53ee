import CRMCore

/// The SQL of a lead's email and phone lists (`lead_emails`, `lead_phones`) as operators change
/// them. Position 0 is the primary value.
struct ContactListRepository {
    let database: Database

    /// The table of `field`'s list.
    static func table(_ field: ContactField) -> String { field == .email ? "lead_emails" : "lead_phones" }

    /// The list of `field` on lead `lead`, in order.
    func rows(_ field: ContactField, lead: Int64) throws -> [UnmergePlan.Row] {
        try database.rows(
            "SELECT position, value, normalized FROM \(Self.table(field)) WHERE lead_id = ? ORDER BY position",
            [.integer(lead)]
        ) { UnmergePlan.Row(position: $0.int(0), value: $0.text(1), normalized: $0.text(2)) }
    }

    /// The lowest numbered lead besides `lead`, not merged into another, whose `field` list holds
    /// the normalized value `normalized`: the one a visitor giving it is matched to first.
    func otherHolder(_ field: ContactField, normalized: String, besides lead: Int64) throws -> Int64? {
        try database.scalar(
            "SELECT c.lead_id FROM \(Self.table(field)) c WHERE c.normalized = ? AND c.lead_id != ? "
                + "AND (SELECT l.merged_into FROM leads l WHERE l.id = c.lead_id) IS NULL ORDER BY c.lead_id LIMIT 1",
            [.text(normalized), .integer(lead)])
    }

    /// Writes `values` as the whole list of `field` on lead `lead`, positions from 0.
    func replace(_ field: ContactField, lead: Int64, with values: [ContactValue]) throws {
        try write(field, lead: lead, rows: Self.positioned(values))
    }

    /// Writes `rows` as the whole list of `field` on lead `lead`.
    func write(_ field: ContactField, lead: Int64, rows: [UnmergePlan.Row]) throws {
        try removeAll(field, lead: lead)
        try insert(field, lead: lead, rows: rows)
    }

    /// Writes `values` as the list of `field` on lead `lead`, which has none yet, positions from 0.
    func insert(_ field: ContactField, lead: Int64, values: [ContactValue]) throws {
        try insert(field, lead: lead, rows: Self.positioned(values))
    }

    /// Inserts `rows` into the list of `field` on lead `lead`.
    private func insert(_ field: ContactField, lead: Int64, rows: [UnmergePlan.Row]) throws {
        for row in rows {
            try database.run(
                "INSERT INTO \(Self.table(field))(lead_id, position, value, normalized) VALUES (?, ?, ?, ?)",
                [.integer(lead), .integer(row.position), .text(row.value), .text(row.normalized)])
        }
    }

    /// `values` as list rows, positions from 0.
    private static func positioned(_ values: [ContactValue]) -> [UnmergePlan.Row] {
        values.enumerated().map {
            UnmergePlan.Row(position: Int64($0.offset), value: $0.element.value, normalized: $0.element.normalized)
        }
    }

    /// Adds `rows` to the list of `field` on lead `lead`, skipping positions taken.
    func restore(_ field: ContactField, lead: Int64, rows: [UnmergePlan.Row]) throws {
        for row in rows {
            try database.run(
                "INSERT OR IGNORE INTO \(Self.table(field))(lead_id, position, value, normalized) VALUES (?, ?, ?, ?)",
                [.integer(lead), .integer(row.position), .text(row.value), .text(row.normalized)])
        }
    }

    /// Removes the value whose matching form is `normalized` from lead `lead`'s list.
    func remove(_ field: ContactField, lead: Int64, normalized: String) throws {
        try database.run(
            "DELETE FROM \(Self.table(field)) WHERE lead_id = ? AND normalized = ?",
            [.integer(lead), .text(normalized)])
    }

    /// Removes the whole list of `field` from lead `lead`.
    func removeAll(_ field: ContactField, lead: Int64) throws {
        try database.run("DELETE FROM \(Self.table(field)) WHERE lead_id = ?", [.integer(lead)])
    }

    /// Appends `value` (matching form `normalized`) to lead `lead`'s list of `field`, after its
    /// others; one it holds already is ignored.
    func append(_ field: ContactField, lead: Int64, value: String, normalized: String) throws {
        let table = Self.table(field)
        try database.run(
            "INSERT OR IGNORE INTO \(table)(lead_id, position, value, normalized) "
                + "VALUES (?, (SELECT coalesce(max(position), -1) + 1 FROM \(table) WHERE lead_id = ?), ?, ?)",
            [.integer(lead), .integer(lead), .text(value), .text(normalized)])
    }

    /// Puts `value` first in lead `lead`'s list (before the current primary).
    func insertFirst(_ field: ContactField, lead: Int64, value: String, normalized: String) throws {
        let table = Self.table(field)
        try database.run(
            "INSERT INTO \(table)(lead_id, position, value, normalized) VALUES (?, (SELECT coalesce(min(position), 1) - 1 FROM \(table) WHERE lead_id = ?), ?, ?)",
            [.integer(lead), .integer(lead), .text(value), .text(normalized)])
    }

    /// Puts `incoming` where the value `old` (a matching form) stood in lead `lead`'s list, or
    /// first if `old` is gone; `new` is the incoming value's matching form.
    func substitute(_ field: ContactField, lead: Int64, old: String, incoming: String, new: String) throws {
        let table = Self.table(field)
        let position = try database.scalar(
            "SELECT position FROM \(table) WHERE lead_id = ? AND normalized = ?", [.integer(lead), .text(old)])
        try database.run(
            "DELETE FROM \(table) WHERE lead_id = ? AND normalized IN (?, ?)", [.integer(lead), .text(old), .text(new)])
        try database.run(
            "INSERT INTO \(table)(lead_id, position, value, normalized) VALUES (?, coalesce(?, (SELECT coalesce(min(position), 1) - 1 FROM \(table) WHERE lead_id = ?)), ?, ?)",
            [.integer(lead), SQLValue(position), .integer(lead), .text(incoming), .text(new)])
    }
}
