import CRMCore
import JivoProtocol

/// The SQL of the values an operator or an import sets on a lead itself (name, description,
/// crm_link, status, title, manager, UTM) and of the lead a split creates.
struct LeadValueRepository {
    let database: Database

    /// A column of `leads` an operator or an import sets.
    enum Column: String {
        case name, description, status, title, utm
        case crmLink = "crm_link"
        case manager = "manager_id"

        /// The column that holds `field`, when it is one.
        init?(_ field: ContactField) {
            switch field {
            case .name: self = .name
            case .description: self = .description
            case .crmLink: self = .crmLink
            default: return nil
            }
        }
    }

    /// Sets `column` of lead `lead` to `value`.
    func set(_ column: Column, lead: Int64, to value: SQLValue) throws {
        try database.run("UPDATE leads SET \(column.rawValue) = ? WHERE id = ?", [value, .integer(lead)])
    }

    /// Puts lead `lead`'s last activity back to `activity` if it is still `now`.
    func restoreActivity(lead: Int64, to activity: Int64, ifStill now: Int64) throws {
        try database.run(
            "UPDATE leads SET last_activity_at = ? WHERE id = ? AND last_activity_at = ?",
            [.integer(activity), .integer(lead), .integer(now)])
    }

    /// Whether lead `id` exists.
    func exists(_ id: Int64) throws -> Bool {
        try database.scalar("SELECT 1 FROM leads WHERE id = ?", [.integer(id)]) != nil
    }

    /// Creates the lead a split makes for the visitor of `event` (nil: the event is gone),
    /// titled `title`, at `at`; returns its id.
    func createSplit(title: String, event: WebhookEvent?, at: Int64) throws -> Int64 {
        try database.run(
            """
            INSERT INTO leads(title, channel, first_page_url, first_page_title, city, country,
                created_at, updated_at, last_activity_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(title), SQLValue(event?.widgetID), SQLValue(event?.page?.url), SQLValue(event?.page?.title),
                SQLValue(event?.session?.geoip?.city), SQLValue(event?.session?.geoip?.country), .integer(at),
                .integer(at), .integer(at),
            ])
        return database.lastInsertID
    }

    /// Moves the chat and visitor keys of `event` from lead `from` to lead `to`.
    func moveVisitor(of event: WebhookEvent, from: Int64, to: Int64) throws {
        let widget = event.widgetID ?? ""
        if let chat = event.chatID {
            try database.run(
                "UPDATE chats SET lead_id = ? WHERE widget_id = ? AND chat_id = ? AND lead_id = ?",
                [.integer(to), .text(widget), .text(chat), .integer(from)])
        }
        for (kind, scope, value) in [("user_token", "", event.userToken), ("visitor", widget, event.visitor?.number)] {
            guard let value else { continue }
            try database.run(
                "UPDATE lead_keys SET lead_id = ? WHERE kind = ? AND scope = ? AND value = ? AND lead_id = ?",
                [.integer(to), .text(kind), .text(scope), .text(value), .integer(from)])
        }
    }

    /// Creates the lead an import makes for `record` (source `import`, its status or
    /// `unsorted`, its visitor number, channel, client id and user token), titled `title`, for
    /// manager `managerID`, at `at`; returns its id.
    func createImported(_ record: ImportRecord, title: String, managerID: Int64?, at: Int64) throws -> Int64 {
        try database.run(
            """
            INSERT INTO leads(title, status, name, description, crm_link, manager_id, source, utm, channel,
                visitor_number, client_id, user_token, created_at, updated_at, last_activity_at)
            VALUES (?, ?, ?, ?, ?, ?, 'import', ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(title), .text((record.status ?? .unsorted).rawValue),
                .text(record.name), .text(record.description), SQLValue(record.crmLink), SQLValue(managerID),
                .text(Store.json(record.utm)), SQLValue(record.channel), SQLValue(record.visitorNumber),
                SQLValue(record.clientID), SQLValue(record.userToken), .integer(at), .integer(at), .integer(at),
            ])
        return database.lastInsertID
    }
}
