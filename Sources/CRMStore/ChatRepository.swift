import CRMCore
import JivoProtocol

/// Chats, their agents and messages, and calls with their status history, as ingest records
/// them.
struct ChatRepository {
    /// The connection.
    let database: Database

    /// Messages stored by one statement: FTS5 writes an index segment each time a statement
    /// that changed message_search ends, so a transcript goes in a few statements, not one per
    /// message.
    static let messagesPerInsert = 32

    /// `INSERT OR IGNORE INTO messages` for `n` rows, indexed by `n` (1...messagesPerInsert).
    private static let insertMessagesSQL: [String] = (0...messagesPerInsert).map { count in
        "INSERT OR IGNORE INTO messages(chat_id, timestamp, type, agent_id, text, text_key) VALUES "
            + Array(repeating: "(?, ?, ?, ?, ?, ?)", count: count).joined(separator: ", ")
    }

    /// The lead of chat `chatID` on channel (widget) `widget`.
    func lead(widget: String, chatID: String) throws -> Int64? {
        try database.scalar(
            "SELECT lead_id FROM chats WHERE widget_id = ? AND chat_id = ?", [.text(widget), .text(chatID)])
    }

    /// Records chat `chatID` on `widget` for `lead` (once: a chat seen before keeps its lead,
    /// start and visitor's name) with its `agents`; returns the chat's row id.
    func record(
        widget: String, chatID: String, lead: Int64, startedAt: Int64, pageURL: String?, visitorName: String?,
        agents: [Agent]
    ) throws -> Int64? {
        try database.run(
            "INSERT OR IGNORE INTO chats(lead_id, widget_id, chat_id, started_at, page_url, visitor_name) "
                + "VALUES (?, ?, ?, ?, ?, ?)",
            [
                .integer(lead), .text(widget), .text(chatID), .integer(startedAt), SQLValue(pageURL),
                SQLValue(visitorName),
            ])
        let inserted = database.changes > 0 ? database.lastInsertID : nil
        guard
            let chatRow = try inserted
                ?? database.scalar(
                    "SELECT id FROM chats WHERE widget_id = ? AND chat_id = ?",
                    [.text(widget), .text(chatID)])
        else { return nil }
        for agent in agents {
            guard let agentID = agent.id ?? agent.email else { continue }
            try database.run(
                "INSERT OR IGNORE INTO chat_agents(chat_id, agent_id, name, email) VALUES (?, ?, ?, ?)",
                [.integer(chatRow), .text(agentID), SQLValue(agent.name), SQLValue(agent.email)])
        }
        return chatRow
    }

    /// The channel of lead `lead`'s chat `chatID` (the first by row when it has several).
    func widget(ofChat chatID: String, lead: Int64) throws -> String? {
        try database.first(
            "SELECT widget_id FROM chats WHERE lead_id = ? AND chat_id = ? ORDER BY id LIMIT 1",
            [.integer(lead), .text(chatID)]
        ) { $0.text(0) }
    }

    /// Moves chat `chatID` on `widget` to lead `target`.
    func move(widget: String, chatID: String, to target: Int64) throws {
        try database.run(
            "UPDATE chats SET lead_id = ? WHERE widget_id = ? AND chat_id = ?",
            [.integer(target), .text(widget), .text(chatID)])
    }

    /// Stores `transcript` on the chat with row id `chatRow`: its end (the first one kept),
    /// its start moved back to `startedBy` when that is earlier (the first message's time),
    /// rating and flags, and the messages not seen before; a chat that gained messages is
    /// unread.
    func finish(
        _ chatRow: Int64, transcript: ChatTranscript, plainMessages: String?, startedBy: Int64?, finishedAt: Int64
    ) throws {
        try database.run(
            """
            UPDATE chats SET started_at = CASE WHEN ?1 < started_at THEN ?1 ELSE started_at END,
                finished_at = coalesce(finished_at, ?2), rate = coalesce(?3, rate), blacklisted = coalesce(?4, blacklisted),
                invitation = coalesce(?5, invitation), plain_messages = coalesce(?6, plain_messages) WHERE id = ?7
            """,
            [
                SQLValue(startedBy), .integer(finishedAt), SQLValue(transcript.rate),
                transcript.blacklisted.map(SQLValue.init) ?? .null,
                SQLValue(transcript.invitation), SQLValue(plainMessages), .integer(chatRow),
            ])
        var added = 0
        var start = transcript.messages.startIndex
        while start < transcript.messages.endIndex {
            let rows = transcript.messages[start..<min(start + Self.messagesPerInsert, transcript.messages.endIndex)]
            var values: [SQLValue] = []
            values.reserveCapacity(rows.count * 6)
            for message in rows {
                values += [
                    .integer(chatRow), SQLValue(message.timestamp), .text(message.type),
                    SQLValue(message.agentID), .text(message.text),
                    .integer(Store.textKey(message.text)),
                ]
            }
            try database.run(Self.insertMessagesSQL[rows.count], values)
            added += database.changes
            start = rows.endIndex
        }
        if added > 0 {
            try database.run("UPDATE chats SET unread = 1 WHERE id = ?", [.integer(chatRow)])
        }
    }

    /// The row id of call `key` on `widget`, recorded for `lead` if it is new.
    func call(widget: String, key: String, lead: Int64, type: String?, phone: String?, at now: Int64) throws
        -> Int64?
    {
        try database.run(
            """
            INSERT INTO calls(lead_id, widget_id, call_key, type, phone, started_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(widget_id, call_key) DO NOTHING
            """,
            [
                .integer(lead), .text(widget), .text(key), SQLValue(type), SQLValue(phone), .integer(now),
                .integer(now),
            ])
        return try database.scalar(
            "SELECT id FROM calls WHERE widget_id = ? AND call_key = ?", [.text(widget), .text(key)])
    }

    /// Gives call `callRow` a key of its own (its key and row id), so that its key names the
    /// next call on the widget: a call known by its phone alone that is over.
    func retireKey(ofCall callRow: Int64) throws {
        try database.run(
            "UPDATE calls SET call_key = call_key || '#' || CAST(id AS TEXT) WHERE id = ?", [.integer(callRow)])
    }

    /// Call `callRow`'s status and the time of its latest recorded status.
    func callState(_ callRow: Int64) throws -> (status: String?, latest: Int64?) {
        try database.first(
            "SELECT status, (SELECT max(at) FROM call_statuses WHERE call_id = ?1) FROM calls WHERE id = ?1",
            [.integer(callRow)]
        ) { ($0.optionalText(0), $0.optionalInt(1)) } ?? (nil, nil)
    }

    /// Adds `status` at `at` to call `callRow`'s history; false when it is there already.
    func addStatus(_ status: String, at: Int64, reason: String?, to callRow: Int64) throws -> Bool {
        try database.run(
            "INSERT OR IGNORE INTO call_statuses(call_id, status, at, reason) VALUES (?, ?, ?, ?)",
            [.integer(callRow), .text(status), .integer(at), SQLValue(reason)])
        return database.changes > 0
    }

    /// Makes `status` call `callRow`'s current one, with what the event tells of it.
    func setStatus(_ status: String, of callRow: Int64, from call: CallInfo, at now: Int64) throws {
        try database.run(
            """
            UPDATE calls SET status = ?, reason = coalesce(?, reason),
                record_url = coalesce(?, record_url), type = coalesce(type, ?), updated_at = ?
            WHERE id = ?
            """,
            [
                .text(status), SQLValue(call.reason), SQLValue(call.recordURL), SQLValue(call.type), .integer(now),
                .integer(callRow),
            ])
    }

    /// Marks lead `lead`'s chats read.
    func markRead(lead: Int64) throws {
        try database.run("UPDATE chats SET unread = 0 WHERE lead_id = ? AND unread = 1", [.integer(lead)])
    }
}
