import CRMCore
import JivoProtocol

/// What an event records on its lead: chats and transcripts, offline-message and call-back
/// tasks, calls, client data.
extension Store {
    /// Records the chat (once per channel and chat id) and its agent on `lead`; returns the
    /// chat's row id. A chat first seen with its transcript (chat_finished) started at its first
    /// message, not at the event's arrival.
    @discardableResult
    func recordChat(_ event: WebhookEvent, lead: Int64, at now: Int64) throws -> Int64? {
        guard let chatID = event.chatID else { return nil }
        let widget = event.widgetID ?? ""
        let firstMessage = event.transcript?.messages.compactMap(\.timestamp).min()
        let startedAt = firstMessage.flatMap(Store.milliseconds(unixSeconds:)) ?? now
        try database.run(
            "INSERT OR IGNORE INTO chats(lead_id, widget_id, chat_id, started_at, page_url) "
                + "VALUES (?, ?, ?, ?, ?)",
            [.integer(lead), .text(widget), .text(chatID), .integer(startedAt), SQLValue(event.page?.url)])
        let inserted = database.changes > 0 ? database.lastInsertID : nil
        guard
            let chatRow = try inserted
                ?? database.scalar(
                    "SELECT id FROM chats WHERE widget_id = ? AND chat_id = ?",
                    [.text(widget), .text(chatID)])
        else { return nil }
        for agent in ([event.agent] + event.agents).compactMap({ $0 }) {
            guard let agentID = agent.id ?? agent.email else { continue }
            try database.run(
                "INSERT OR IGNORE INTO chat_agents(chat_id, agent_id, name, email) VALUES (?, ?, ?, ?)",
                [.integer(chatRow), .text(agentID), SQLValue(agent.name), SQLValue(agent.email)])
        }
        return chatRow
    }

    /// Messages stored by one statement: FTS5 writes an index segment each time a statement
    /// that changed message_search ends, so a transcript goes in a few statements, not one per
    /// message.
    static let messagesPerInsert = 32

    /// `INSERT OR IGNORE INTO messages` for `n` rows, indexed by `n` (1...messagesPerInsert).
    static let insertMessagesSQL: [String] = (0...messagesPerInsert).map { count in
        "INSERT OR IGNORE INTO messages(chat_id, timestamp, type, agent_id, text, text_key) VALUES "
            + Array(repeating: "(?, ?, ?, ?, ?, ?)", count: count).joined(separator: ", ")
    }

    /// Unix seconds as milliseconds; nil for a time so far out that it cannot be one.
    static func milliseconds(unixSeconds seconds: Int64) -> Int64? {
        let (milliseconds, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        return overflow || seconds < 0 ? nil : milliseconds
    }

    /// Stores chat_finished's transcript on the chat with row id `chatRow` (just recorded):
    /// messages not seen before, rating, flags. The chat finished at its last message, or at
    /// the event's arrival when no message has a time.
    func recordTranscript(_ event: WebhookEvent, chatRow: Int64?, at now: Int64) throws {
        guard let chatRow else { return }
        let transcript = event.transcript ?? ChatTranscript()
        let lastMessage = transcript.messages.compactMap(\.timestamp).max()
        let finishedAt = lastMessage.flatMap(Store.milliseconds(unixSeconds:)) ?? now
        try database.run(
            """
            UPDATE chats SET finished_at = coalesce(finished_at, ?), rate = coalesce(?, rate),
                blacklisted = coalesce(?, blacklisted), invitation = coalesce(?, invitation),
                plain_messages = coalesce(?, plain_messages) WHERE id = ?
            """,
            [
                .integer(finishedAt), SQLValue(transcript.rate), transcript.blacklisted.map(SQLValue.init) ?? .null,
                SQLValue(transcript.invitation), SQLValue(event.plainMessages), .integer(chatRow),
            ])
        var added = 0
        var start = transcript.messages.startIndex
        while start < transcript.messages.endIndex {
            let rows = transcript.messages[start..<min(start + Store.messagesPerInsert, transcript.messages.endIndex)]
            var values: [SQLValue] = []
            values.reserveCapacity(rows.count * 6)
            for message in rows {
                values += [
                    .integer(chatRow), SQLValue(message.timestamp), .text(message.type),
                    SQLValue(message.agentID), .text(message.text),
                    .integer(Store.textKey(message.text)),
                ]
            }
            try database.run(Store.insertMessagesSQL[rows.count], values)
            added += database.changes
            start = rows.endIndex
        }
        if added > 0 {
            try database.run("UPDATE chats SET unread = 1 WHERE id = ?", [.integer(chatRow)])
        }
    }

    /// Opens the task for an offline message, once per message, for the lead's manager.
    func openOfflineTask(
        _ event: WebhookEvent, lead: Int64, eventID: Int64, at now: Int64
    ) throws {
        let key = "offline:\(event.widgetID ?? ""):\(event.offlineMessageID ?? "event-\(eventID)")"
        try openTask(
            lead: lead, kind: "offline_message", text: event.message ?? "", key: key,
            due: now + settings.offlineTaskDueSeconds * 1000, at: now)
    }

    func openTask(
        lead: Int64, kind: String, text: String, key: String, due: Int64, at now: Int64
    ) throws {
        try database.run(
            """
            INSERT OR IGNORE INTO tasks(lead_id, kind, text, assignee_id, due_at, source_key, created_at)
            VALUES (?, ?, ?, (SELECT manager_id FROM leads WHERE id = ?), ?, ?, ?)
            """,
            [.integer(lead), .text(kind), .text(text), .integer(lead), .integer(due), .text(key), .integer(now)])
        if database.changes > 0 {
            try audit(
                actor: "webhook", lead: lead, action: "task", detail: "\(kind) task #\(database.lastInsertID) opened")
        }
    }

    /// Records a call status change; a call ending in `error` opens a call-back task. A status
    /// older than the call's latest is kept in its history but changes neither the call nor
    /// opens a task: by their own times when the body gives one, else by the call's course
    /// (``isOlderCallStatus(_:than:)``).
    func recordCall(_ event: WebhookEvent, lead: Int64, at now: Int64) throws {
        let call = event.call ?? CallInfo()
        let widget = event.widgetID ?? ""
        let phone = call.phone.flatMap(settings.normalizer.phone) ?? call.phone ?? ""
        let key = event.chatID.map { "chat:\($0)" } ?? "phone:\(phone)"
        try database.run(
            """
            INSERT INTO calls(lead_id, widget_id, call_key, type, phone, started_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(widget_id, call_key) DO NOTHING
            """,
            [
                .integer(lead), .text(widget), .text(key), SQLValue(call.type), SQLValue(call.phone), .integer(now),
                .integer(now),
            ])
        guard
            let callRow = try database.scalar(
                "SELECT id FROM calls WHERE widget_id = ? AND call_key = ?", [.text(widget), .text(key)])
        else { return }
        let status = call.status ?? "unknown"
        let ownTime = call.timestamp.flatMap(Store.milliseconds(unixSeconds:))
        let (current, latest) =
            try database.first(
                "SELECT status, (SELECT max(at) FROM call_statuses WHERE call_id = ?1) FROM calls WHERE id = ?1",
                [.integer(callRow)]
            ) { ($0.optionalText(0), $0.optionalInt(1)) } ?? (nil, nil)
        try database.run(
            "INSERT OR IGNORE INTO call_statuses(call_id, status, at, reason) VALUES (?, ?, ?, ?)",
            [.integer(callRow), .text(status), .integer(ownTime ?? now), SQLValue(call.reason)])
        guard database.changes > 0 else { return }
        let older: Bool
        if let ownTime, let latest {
            older = ownTime < latest
        } else {
            older = current.map { Store.isOlderCallStatus(status, than: $0) } ?? false
        }
        if older {
            ingestNotes.append("call status \(status) is older than the call's latest; kept in its history only")
            return
        }
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
        if status == "error" {
            let reason = call.reason.map { " (\($0))" } ?? ""
            try openTask(
                lead: lead, kind: "call_back", text: "Call back \(call.phone ?? "the visitor")\(reason)",
                key: "callback:\(widget):\(key)", due: now, at: now)
        }
    }

    /// Whether call status `status`, arriving without its own time, comes before `current` in a
    /// call's course (start, then connected, then end or error): anything after a finished
    /// call (`end`, `error`) does, and a step before the current one.
    static func isOlderCallStatus(_ status: String, than current: String) -> Bool {
        func step(_ status: String) -> Int {
            switch status {
            case "start": 0
            case "end", "error": 2
            default: 1
            }
        }
        return step(current) == 2 || step(status) < step(current)
    }

    /// Keeps client_updated's, client_attribute_updated's and the CRM-webhook family's data on
    /// the lead; attributes in no shape understood are noted on the event.
    func recordClientData(_ event: WebhookEvent, lead: Int64) throws {
        var extra = event.attributes
        if let unread = event.unreadAttributes { ingestNotes.append(unread) }
        let root = JSONValue.object(event.raw)
        if let organization = root["organization"]?["name"]?.text { extra.append(("organization", organization)) }
        if let status = event.clientStatus { extra.append(("jivo_status", status)) }
        if let tags = root["tags"]?.arrayValue {
            let titles = tags.compactMap { $0["title"]?.text }
            if !titles.isEmpty { extra.append(("tags", titles.joined(separator: ", "))) }
        }
        guard !extra.isEmpty, let current = try self.lead(lead) else { return }
        var merged = current.attributes
        for (key, value) in extra {
            if let index = merged.firstIndex(where: { $0.key == key }) {
                merged[index].value = value
            } else {
                merged.append((key, value))
            }
        }
        guard !merged.elementsEqual(current.attributes, by: ==) else { return }
        try database.run(
            "UPDATE leads SET attributes = ? WHERE id = ?", [.text(Store.json(merged)), .integer(lead)])
        try audit(actor: "webhook", lead: lead, action: "attributes", after: Store.json(extra))
    }
}
