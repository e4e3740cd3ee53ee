/// The events table: every delivered body, kept byte for byte with what became of it.
struct EventInbox {
    /// The connection.
    let database: Database
    /// Queues kept events for the forward targets; nil where no event is kept.
    var forwarding: ForwardQueue? = nil

    /// The condition of SQLite's index of the events by status (`events_unapplied`), which holds
    /// only the events not applied: a statement that reads events of another status by it
    /// states this condition too, word for word, or SQLite will not use the index.
    static let unapplied = "status <> 'applied'"

    /// Keeps a delivered body, queued for the forward targets unless it is a `duplicate`;
    /// returns its row id.
    func insert(
        body: [UInt8], hash: [UInt8], receivedAt: Int64, name: String, chatID: String?, widgetID: String?,
        status: String, error: String?, leadID: Int64? = nil
    ) throws -> Int64 {
        try database.run(
            "INSERT INTO events(received_at, body, body_hash, event_name, chat_id, widget_id, "
                + "status, error, lead_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                .integer(receivedAt), .blob(body), .blob(hash), .text(name), SQLValue(chatID),
                SQLValue(widgetID), .text(status), SQLValue(error), SQLValue(leadID),
            ])
        let id = database.lastInsertID
        if status != "duplicate" { try forwarding?.queue(event: id) }
        return id
    }

    /// A delivered body and what it is, kept once applying its event is done (``insert(_:reserved:status:error:leadID:created:note:)``).
    struct Delivery {
        /// The body, byte for byte.
        var body: [UInt8]
        /// Its canonical hash.
        var hash: [UInt8]
        /// When it was received, Unix milliseconds.
        var receivedAt: Int64
        /// Its event's name.
        var name: String
        /// Its chat's id, if one.
        var chatID: String?
        /// Its widget's id, if one.
        var widgetID: String?
    }

    /// Keeps `delivery` under row id `id`, reserved for it with ``nextID()`` in this write
    /// transaction, as ``insert(body:hash:receivedAt:name:chatID:widgetID:status:error:leadID:)``
    /// does, with what applying its event did: its lead, whether it created it, and its note.
    func insert(
        _ delivery: Delivery, reserved id: Int64, status: String, error: String?, leadID: Int64?, created: Bool,
        note: String?
    ) throws {
        try database.run(
            "INSERT INTO events(id, received_at, body, body_hash, event_name, chat_id, widget_id, "
                + "status, error, lead_id, created_lead, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                .integer(id), .integer(delivery.receivedAt), .blob(delivery.body), .blob(delivery.hash),
                .text(delivery.name), SQLValue(delivery.chatID), SQLValue(delivery.widgetID), .text(status),
                SQLValue(error), SQLValue(leadID), SQLValue(created), SQLValue(note),
            ])
        if status != "duplicate" { try forwarding?.queue(event: id) }
    }

    /// The row id the next kept body gets, for an event whose row is written once its effects
    /// are known (``insert(_:reserved:status:error:leadID:created:note:)``),
    /// later in the same write transaction: SQLite gives a new row the largest id plus one, so
    /// that is the id the row would have had if it were written first.
    func nextID() throws -> Int64 {
        try database.scalar("SELECT coalesce(max(id), 0) + 1 FROM events") ?? 1
    }

    /// The first applied delivery of the body hashed `hash`: its lead and whether it created
    /// it; nil when there is none.
    func firstDelivery(hash: [UInt8]) throws -> (lead: Int64?, created: Bool)? {
        try database.first(
            "SELECT lead_id, created_lead FROM events WHERE body_hash = ? AND status IN ('applied', 'duplicate') "
                + "ORDER BY id LIMIT 1", [.blob(hash)], { ($0.optionalInt(0), $0.int(1) != 0) })
    }

    /// Whether a body hashed `hash` and received at `receivedAt` is kept: the same delivery,
    /// met again.
    func keeps(hash: [UInt8], receivedAt: Int64) throws -> Bool {
        try database.first(
            "SELECT 1 FROM events WHERE body_hash = ? AND received_at = ? LIMIT 1",
            [.blob(hash), .integer(receivedAt)], { _ in true }) ?? false
    }

    /// Records event `id`'s lead and whether the event created it.
    func setLead(_ lead: Int64?, created: Bool, event id: Int64) throws {
        try database.run(
            "UPDATE events SET lead_id = ?, created_lead = ? WHERE id = ?",
            [SQLValue(lead), SQLValue(created), .integer(id)])
    }

    /// Keeps `note` on event `id`.
    func setNote(_ note: String, event id: Int64) throws {
        try database.run("UPDATE events SET note = ? WHERE id = ?", [.text(note), .integer(id)])
    }

    /// Marks event `id` failed, with `message`, and on no lead.
    func markFailed(_ id: Int64, message: String) throws {
        try database.run(
            "UPDATE events SET status = 'failed', error = ?, lead_id = NULL WHERE id = ?",
            [.text(message), .integer(id)])
    }

    /// A kept body as replay reads it.
    struct Delivered {
        /// When it was received, Unix milliseconds.
        var receivedAt: Int64
        /// The body, byte for byte.
        var body: [UInt8]
        /// The lead it touched.
        var leadID: Int64?
    }

    /// Calls `body` with every kept body, in the order they were received.
    func each(_ body: (Delivered) throws -> Void) throws {
        try database.query("SELECT received_at, body, lead_id FROM events ORDER BY id") { row in
            try body(Delivered(receivedAt: row.int(0), body: row.blob(1), leadID: row.optionalInt(2)))
        }
    }
}
