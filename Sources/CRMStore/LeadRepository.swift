import CRMCore
import JivoProtocol

/// The leads table as ingest reads and writes it: finding a lead by a key, creating one, and
/// the single-column updates that carry out the ingest plans.
struct LeadRepository {
    /// The connection.
    let database: Database

    /// The lead `key` points at (merged leads never hold contacts, so they are never found).
    /// A contact's lead is looked up per candidate row, never by a join that a stale estimate
    /// of the leads table (PostgreSQL, in a long transaction) turns into a scan of every lead.
    func lead(for key: LeadKey) throws -> Int64? {
        switch key {
        case .chat(let widget, let chatID):
            try ChatRepository(database: database).lead(widget: widget, chatID: chatID)
        case .email(let normalized):
            try database.scalar(
                "SELECT c.lead_id FROM lead_emails c WHERE c.normalized = ? "
                    + "AND (SELECT l.merged_into FROM leads l WHERE l.id = c.lead_id) IS NULL ORDER BY c.lead_id LIMIT 1",
                [.text(normalized)])
        case .phone(let normalized):
            try database.scalar(
                "SELECT c.lead_id FROM lead_phones c WHERE c.normalized = ? "
                    + "AND (SELECT l.merged_into FROM leads l WHERE l.id = c.lead_id) IS NULL ORDER BY c.lead_id LIMIT 1",
                [.text(normalized)])
        case .remembered(let kind, let scope, let value):
            try database.scalar(
                "SELECT lead_id FROM lead_keys WHERE kind = ? AND scope = ? AND value = ?",
                [.text(kind.rawValue), .text(scope), .text(value)])
        case .clientOnChannel(let widget, let value):
            try database.scalar(
                "SELECT k.lead_id FROM lead_keys k JOIN leads l ON l.id = k.lead_id "
                    + "WHERE k.kind = 'client' AND k.value = ? AND l.channel = ? ORDER BY k.lead_id LIMIT 1",
                [.text(value), .text(widget)])
        }
    }

    /// Whether lead `id` exists and is not merged into another.
    func isLive(_ id: Int64) throws -> Bool {
        try database.scalar("SELECT 1 FROM leads WHERE id = ? AND merged_into IS NULL", [.integer(id)]) != nil
    }

    /// How many leads there are (merged ones not counted).
    func liveCount() throws -> Int {
        Int(try database.scalar("SELECT count(*) FROM leads WHERE merged_into IS NULL") ?? 0)
    }

    /// Creates `lead` (the table gives it its id) with its emails and phones in their order and
    /// its manager, its utm marks being the JSON object `utm`; returns its id.
    func insert(_ lead: Lead, utm: String) throws -> Int64 {
        try database.run(
            """
            INSERT INTO leads(title, name, description, manager_id, channel, first_page_url, first_page_title, utm,
                city, country, user_token, visitor_number, client_id, version, created_at, updated_at, last_activity_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(lead.title), .text(lead.name), .text(lead.description), SQLValue(lead.manager?.id),
                SQLValue(lead.channel), SQLValue(lead.firstPageURL), SQLValue(lead.firstPageTitle), .text(utm),
                SQLValue(lead.city), SQLValue(lead.country), SQLValue(lead.userToken), SQLValue(lead.visitorNumber),
                SQLValue(lead.clientID), .integer(lead.version), .integer(lead.createdAt), .integer(lead.updatedAt),
                .integer(lead.lastActivityAt),
            ])
        let id = database.lastInsertID
        let contacts = ContactListRepository(database: database)
        try contacts.insert(.email, lead: id, values: lead.emails)
        try contacts.insert(.phone, lead: id, values: lead.phones)
        return id
    }

    /// Carries out a keys plan on lead `id` and moves its last activity forward to `at`
    /// (``touchActivity(_:at:)``): remembers its keys, and fills the empty key columns, city and
    /// country in the same UPDATE that moves the activity, since each UPDATE rewrites the row.
    /// A key is looked up before it is remembered: a returning visitor's keys are stored
    /// already, mostly, and the lookup costs less than an insert that the key's uniqueness ignores.
    func apply(_ plan: LeadKeysPlan, lead id: Int64, touchingAt at: Int64) throws {
        for entry in plan.entries where entry.remember {
            guard
                try database.scalar(
                    "SELECT 1 FROM lead_keys WHERE kind = ? AND scope = ? AND value = ?",
                    [.text(entry.kind.rawValue), .text(entry.scope), .text(entry.value)]) == nil
            else { continue }
            try remember(entry, lead: id)
        }
        var fills: [LeadKeyKind: String] = [:]
        for entry in plan.entries where entry.fill { fills[entry.kind] = entry.value }
        guard !fills.isEmpty || plan.place != nil else { return try touchActivity(id, at: at) }
        try database.run(
            """
            UPDATE leads SET user_token = coalesce(user_token, ?), visitor_number = coalesce(visitor_number, ?),
                client_id = coalesce(client_id, ?), city = coalesce(city, ?), country = coalesce(country, ?),
                last_activity_at = CASE WHEN last_activity_at < ? THEN ? ELSE last_activity_at END
            WHERE id = ?
            """,
            [
                SQLValue(fills[.userToken]), SQLValue(fills[.visitor]), SQLValue(fills[.client]),
                SQLValue(plan.place?.city), SQLValue(plan.place?.country), .integer(at), .integer(at), .integer(id),
            ])
    }

    /// Remembers the keys of a keys plan for lead `id` (one remembered already for another lead
    /// stays with it).
    func remember(_ plan: LeadKeysPlan, lead id: Int64) throws {
        for entry in plan.entries where entry.remember { try remember(entry, lead: id) }
    }

    /// Remembers `entry` for lead `id` unless it is remembered already (for it or another lead).
    private func remember(_ entry: LeadKeysPlan.Entry, lead id: Int64) throws {
        try remember([.remembered(entry.kind, scope: entry.scope, value: entry.value)], lead: id)
    }

    /// Remembers each of `keys` that is a remembered kind (user token, visitor number, client
    /// id) for lead `id`, unless it is remembered already (for it or another lead).
    func remember(_ keys: [LeadKey], lead id: Int64) throws {
        for case .remembered(let kind, let scope, let value) in keys {
            try database.run(
                "INSERT OR IGNORE INTO lead_keys(kind, scope, value, lead_id) VALUES (?, ?, ?, ?)",
                [.text(kind.rawValue), .text(scope), .text(value), .integer(id)])
        }
    }

    /// Lead `id`'s manager's row id: nil when there is no such lead, `.some(nil)` when it has
    /// no manager.
    func managerID(of id: Int64) throws -> Int64?? {
        try database.first("SELECT manager_id FROM leads WHERE id = ?", [.integer(id)]) { $0.optionalInt(0) }
    }

    /// Gives lead `id` the manager with row id `manager`.
    func setManager(_ manager: Int64, lead id: Int64) throws {
        try database.run("UPDATE leads SET manager_id = ? WHERE id = ?", [.integer(manager), .integer(id)])
    }

    /// Lead `id`'s crm_link.
    func crmLink(of id: Int64) throws -> String? {
        try database.first("SELECT crm_link FROM leads WHERE id = ?", [.integer(id)]) { $0.optionalText(0) } ?? nil
    }

    /// Sets lead `id`'s attributes (a JSON object of strings).
    func setAttributes(_ json: String, lead id: Int64) throws {
        try database.run("UPDATE leads SET attributes = ? WHERE id = ?", [.text(json), .integer(id)])
    }

    /// Marks lead `id` changed at `now`: bumps its version and update time.
    func bumpVersion(_ id: Int64, at now: Int64) throws {
        try database.run(
            "UPDATE leads SET version = version + 1, updated_at = ? WHERE id = ?", [.integer(now), .integer(id)])
    }

    /// Moves lead `id`'s last activity forward to `at`. A lead whose activity is at `at` or
    /// later (one created by this event) is not written at all: an UPDATE rewrites the row and
    /// every activity index entry even when the value stays.
    func touchActivity(_ id: Int64, at: Int64) throws {
        try database.run(
            "UPDATE leads SET last_activity_at = ? WHERE id = ? AND last_activity_at < ?",
            [.integer(at), .integer(id), .integer(at)])
    }

    /// What lead `id`'s reply states beyond the lead: its open tasks and when its last chat
    /// started.
    func replyFacts(_ id: Int64) throws -> (openTasks: Int, lastChatAt: Int64?) {
        try database.first(
            """
            SELECT (SELECT count(*) FROM tasks WHERE lead_id = ?1 AND status = 'open'),
                (SELECT max(started_at) FROM chats WHERE lead_id = ?1)
            """, [.integer(id)]
        ) { (Int($0.int(0)), $0.optionalInt(1)) } ?? (0, nil)
    }

    /// Whether lead `id` holds anything beyond what a webhook gave it: chats, calls, tasks,
    /// notes, fields, operator edits, a status or a crm_link.
    func holdsMoreThanWebhookData(_ id: Int64) throws -> Bool {
        try
            (database.scalar(
                """
                SELECT (SELECT count(*) FROM chats WHERE lead_id = ?1) + (SELECT count(*) FROM calls WHERE lead_id = ?1)
                    + (SELECT count(*) FROM tasks WHERE lead_id = ?1) + (SELECT count(*) FROM notes WHERE lead_id = ?1)
                    + (SELECT count(*) FROM lead_fields WHERE lead_id = ?1)
                    + (SELECT count(*) FROM audit WHERE lead_id = ?1 AND actor != 'webhook')
                    + (SELECT count(*) FROM leads WHERE id = ?1 AND (status != 'unsorted' OR crm_link IS NOT NULL))
                """, [.integer(id)]) ?? 0) != 0
    }

    /// Merges lead `source` into `target` for good: its contacts go, its keys and conflicts
    /// move to `target`, it leaves the search.
    func absorb(_ source: Int64, into target: Int64) throws {
        try database.run("DELETE FROM lead_emails WHERE lead_id = ?", [.integer(source)])
        try database.run("DELETE FROM lead_phones WHERE lead_id = ?", [.integer(source)])
        try database.run("UPDATE lead_keys SET lead_id = ? WHERE lead_id = ?", [.integer(target), .integer(source)])
        try database.run("UPDATE conflicts SET lead_id = ? WHERE lead_id = ?", [.integer(target), .integer(source)])
        try database.run("UPDATE leads SET merged_into = ? WHERE id = ?", [.integer(target), .integer(source)])
        try database.run(
            database.isPostgres
                ? "DELETE FROM lead_search WHERE lead_id = ?" : "DELETE FROM lead_search WHERE rowid = ?",
            [.integer(source)])
    }
}
