import CRMCore
import JivoProtocol

/// The SQL that reads one lead whole: its row, emails, phones, custom fields and manager.
struct LeadLoader {
    /// The connection.
    let database: Database

    private static let columns =
        "l.id, l.title, l.status, l.name, l.description, l.crm_link, l.manager_id, l.source, "
        + "l.channel, l.first_page_url, l.first_page_title, l.utm, l.city, l.country, "
        + "l.user_token, l.visitor_number, l.client_id, l.attributes, l.version, l.created_at, "
        + "l.updated_at, l.last_activity_at"

    /// The lead `id` with its contacts, fields and manager; nil if there is none.
    func lead(_ id: Int64) throws -> Lead? {
        guard
            var lead = try database.first(
                "SELECT \(Self.columns) FROM leads l WHERE l.id = ?", [.integer(id)], Self.row)
        else { return nil }
        try complete(&lead.0)
        if let managerID = lead.1 { lead.0.manager = try ManagerRepository(database: database).manager(id: managerID) }
        return lead.0
    }

    /// Fills in a lead row's emails, phones and fields.
    private func complete(_ lead: inout Lead) throws {
        lead.emails = try database.rows(
            "SELECT value, normalized FROM lead_emails WHERE lead_id = ? ORDER BY position",
            [.integer(lead.id)]
        ) { ContactValue(value: $0.text(0), normalized: $0.text(1)) }
        lead.phones = try database.rows(
            "SELECT value, normalized FROM lead_phones WHERE lead_id = ? ORDER BY position",
            [.integer(lead.id)]
        ) { ContactValue(value: $0.text(0), normalized: $0.text(1)) }
        lead.fields = try database.rows(
            "SELECT title, content, link, key FROM lead_fields WHERE lead_id = ? ORDER BY position",
            [.integer(lead.id)]
        ) { LeadField(title: $0.text(0), content: $0.text(1), link: $0.optionalText(2), key: $0.optionalText(3)) }
    }

    private static func row(_ row: Statement) -> (Lead, Int64?) {
        var lead = Lead(id: row.int(0), title: row.text(1), createdAt: row.int(19))
        lead.status = LeadStatus(rawValue: row.text(2)) ?? .unsorted
        lead.name = row.text(3)
        lead.description = row.text(4)
        lead.crmLink = row.optionalText(5)
        lead.source = row.text(7)
        lead.channel = row.optionalText(8)
        lead.firstPageURL = row.optionalText(9)
        lead.firstPageTitle = row.optionalText(10)
        lead.utm = textPairs(row.text(11))
        lead.city = row.optionalText(12)
        lead.country = row.optionalText(13)
        lead.userToken = row.optionalText(14)
        lead.visitorNumber = row.optionalText(15)
        lead.clientID = row.optionalText(16)
        lead.attributes = textPairs(row.text(17))
        lead.version = row.int(18)
        lead.updatedAt = row.int(20)
        lead.lastActivityAt = row.int(21)
        return (lead, row.optionalInt(6))
    }

    /// Pairs stored as a JSON object of strings.
    static func textPairs(_ json: String) -> [(key: String, value: String)] {
        (try? JSONParser.parse(Array(json.utf8)))?.textPairs ?? []
    }
}
