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
        let one = [SQLValue.integer(id)]
        guard var lead = try database.first("SELECT \(Self.columns) FROM leads l WHERE l.id = ?", one, Self.row)
        else { return nil }
        lead.0.emails = try database.rows(Self.emailsOfOne, one, Self.contact).map(\.value)
        lead.0.phones = try database.rows(Self.phonesOfOne, one, Self.contact).map(\.value)
        lead.0.fields = try database.rows(Self.fieldsOfOne, one, Self.field).map(\.value)
        if let managerID = lead.1 { lead.0.manager = try ManagerRepository(database: database).manager(id: managerID) }
        return lead.0
    }

    /// The leads of `ids` that exist, each as ``lead(_:)`` reads it, by id: in five statements
    /// and one more per manager whatever their number, since on PostgreSQL each statement is a
    /// round trip to the server and a page of the list is a hundred leads.
    func leads(_ ids: [Int64]) throws -> [Int64: Lead] {
        guard !ids.isEmpty else { return [:] }
        let list = [SQLValue.text(Store.jsonArray(ids))]
        let within = Store.idsIn(postgres: database.isPostgres)
        let listed = "lead_id IN (\(within))"
        var leads: [Int64: Lead] = [:]
        var managed: [(lead: Int64, manager: Int64)] = []
        for (lead, managerID) in try database.rows(
            "SELECT \(Self.columns) FROM leads l WHERE l.id IN (\(within))", list, Self.row)
        {
            leads[lead.id] = lead
            if let managerID { managed.append((lead.id, managerID)) }
        }
        for (id, email) in try database.rows(Self.emails(where: listed), list, Self.contact) {
            leads[id]?.emails.append(email)
        }
        for (id, phone) in try database.rows(Self.phones(where: listed), list, Self.contact) {
            leads[id]?.phones.append(phone)
        }
        for (id, field) in try database.rows(Self.fields(where: listed), list, Self.field) {
            leads[id]?.fields.append(field)
        }
        var managers: [Int64: Manager] = [:]
        for (lead, managerID) in managed {
            if managers[managerID] == nil {
                managers[managerID] = try ManagerRepository(database: database).manager(id: managerID)
            }
            leads[lead]?.manager = managers[managerID]
        }
        return leads
    }

    /// One lead's emails, phones and fields: each made once, since the database finds its
    /// prepared statement by the text's address (a text made for each call is hashed whole).
    private static let emailsOfOne = emails(where: "lead_id = ?")
    private static let phonesOfOne = phones(where: "lead_id = ?")
    private static let fieldsOfOne = fields(where: "lead_id = ?")

    /// The emails of the leads `condition` selects, each lead's in order.
    private static func emails(where condition: String) -> String {
        "SELECT lead_id, value, normalized FROM lead_emails WHERE \(condition) ORDER BY lead_id, position"
    }

    /// The phones of the leads `condition` selects, each lead's in order.
    private static func phones(where condition: String) -> String {
        "SELECT lead_id, value, normalized FROM lead_phones WHERE \(condition) ORDER BY lead_id, position"
    }

    /// The custom fields of the leads `condition` selects, each lead's in order.
    private static func fields(where condition: String) -> String {
        "SELECT lead_id, title, content, link, key FROM lead_fields WHERE \(condition) ORDER BY lead_id, position"
    }

    private static func contact(_ row: Statement) -> (lead: Int64, value: ContactValue) {
        (row.int(0), ContactValue(value: row.text(1), normalized: row.text(2)))
    }

    private static func field(_ row: Statement) -> (lead: Int64, value: LeadField) {
        (
            row.int(0),
            LeadField(title: row.text(1), content: row.text(2), link: row.optionalText(3), key: row.optionalText(4))
        )
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
