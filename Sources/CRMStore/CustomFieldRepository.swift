import CRMCore

/// The SQL of a lead's operator custom_data fields (`lead_fields`), in order.
struct CustomFieldRepository {
    let database: Database

    /// Writes `field` over the one at `position` of lead `lead`.
    func set(_ field: LeadField, lead: Int64, at position: Int) throws {
        try database.run(
            "UPDATE lead_fields SET content = ?, link = ?, key = ?, title = ? WHERE lead_id = ? AND position = ?",
            [
                .text(field.content), SQLValue(field.link), SQLValue(field.key), .text(field.title), .integer(lead),
                .integer(Int64(position)),
            ])
    }

    /// Adds `field` at `position` of lead `lead`.
    func insert(_ field: LeadField, lead: Int64, at position: Int) throws {
        try database.run(
            "INSERT INTO lead_fields(content, link, key, title, lead_id, position) VALUES (?, ?, ?, ?, ?, ?)",
            [
                .text(field.content), SQLValue(field.link), SQLValue(field.key), .text(field.title), .integer(lead),
                .integer(Int64(position)),
            ])
    }

    /// Writes `fields` as the whole list of lead `lead`.
    func replace(lead: Int64, with fields: [LeadField]) throws {
        try database.run("DELETE FROM lead_fields WHERE lead_id = ?", [.integer(lead)])
        for (position, field) in fields.enumerated() { try insert(field, lead: lead, at: position) }
    }
}
