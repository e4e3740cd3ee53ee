import CRMCore

/// The SQL that reads the raw inbox: deliveries as records, one body.
struct EventListRepository {
    /// The connection.
    let database: Database

    private static let columns =
        "SELECT id, received_at, event_name, chat_id, status, error, lead_id, length(body), note FROM events "

    private static func row(_ row: Statement) -> EventRecord {
        EventRecord(
            id: row.int(0), receivedAt: row.int(1), eventName: row.text(2), chatID: row.optionalText(3),
            status: row.text(4), error: row.optionalText(5), leadID: row.optionalInt(6), size: Int(row.int(7)),
            note: row.optionalText(8))
    }

    /// The inbox, newest first, optionally of one status; at most `limit`.
    func events(status: String?, limit: Int) throws -> [EventRecord] {
        try database.rows(
            Self.statement(status: status), (status.map { [SQLValue.text($0)] } ?? []) + [.integer(Int64(limit))],
            Self.row)
    }

    /// The statement that reads the inbox of `status` (a parameter before the limit), or all of
    /// it: the applied events (nearly all) newest first until enough are found, the others by
    /// their index (``EventInbox/unapplied``).
    static func statement(status: String?) -> String {
        let condition: String
        switch status {
        case nil: condition = ""
        case "applied": condition = "WHERE status = ? "
        default: condition = "WHERE status = ? AND \(EventInbox.unapplied) "
        }
        return columns + condition + "ORDER BY id DESC LIMIT ?"
    }

    /// The inbox for the console's events screen, in ``EventRecord/inbox(troubled:recent:limit:)``'s
    /// order; at most `limit`.
    func inbox(limit: Int) throws -> [EventRecord] {
        let troubled = try EventRecord.troubledStatuses.flatMap { try events(status: $0, limit: limit) }
        return EventRecord.inbox(troubled: troubled, recent: try events(status: nil, limit: limit), limit: limit)
    }

    /// The record of event `id` (without its body), or nil if there is none.
    func event(_ id: Int64) throws -> EventRecord? {
        try database.first(Self.columns + "WHERE id = ?", [.integer(id)], Self.row)
    }

    /// The raw body of event `id`.
    func body(_ id: Int64) throws -> [UInt8]? {
        try database.first("SELECT body FROM events WHERE id = ?", [.integer(id)]) { $0.blob(0) }
    }
}
