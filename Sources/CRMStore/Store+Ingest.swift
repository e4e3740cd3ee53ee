import CRMCore
import JivoProtocol

/// Ingest: keeping each delivered body and applying its event.
extension Store {
    /// Keeps the raw body and applies the event to the CRM, inside the caller's write
    /// transaction. Bodies that are not a JSON object are kept as quarantined (400); an event
    /// whose effects fail for a lasting reason is kept as failed (500) and its effects undone;
    /// transient store errors (busy, disk full) are thrown so that nothing is acknowledged.
    public func ingest(body: [UInt8], receivedAt: Int64) throws -> IngestResult {
        try ingest(IncomingEvent(body: body), receivedAt: receivedAt)
    }

    /// ``ingest(body:receivedAt:)`` for a body already decoded and hashed (on another thread).
    public func ingest(_ incoming: IncomingEvent, receivedAt: Int64) throws -> IngestResult {
        unchangedLead = nil
        defer { unchangedLead = nil }
        let body = incoming.body
        let event: WebhookEvent
        switch incoming.decoded {
        case .success(let decoded):
            event = decoded
        case .failure(let error):
            let id = try insertEvent(
                body: body, hash: incoming.hash, receivedAt: receivedAt, name: "", chatID: nil,
                widgetID: nil, status: "quarantined", error: error.message)
            return IngestResult(
                eventID: id, status: "quarantined", eventName: "", leadID: nil, created: false,
                httpStatus: 400, reply: .fixed(ChatReply.error(error.message)))
        }
        let eventHash = incoming.hash
        if let original = try database.first(
            "SELECT lead_id FROM events WHERE body_hash = ? AND status IN ('applied', 'duplicate') "
                + "ORDER BY id LIMIT 1", [.blob(eventHash)], { $0.optionalInt(0) })
        {
            let id = try insertEvent(
                body: body, hash: eventHash, receivedAt: receivedAt, name: event.name,
                chatID: event.chatID, widgetID: event.widgetID, status: "duplicate", error: nil,
                leadID: original)
            return IngestResult(
                eventID: id, status: "duplicate", eventName: event.name, leadID: original,
                created: false, httpStatus: 200,
                reply: try reply(to: event, leadID: original, created: false))
        }
        let id = try insertEvent(
            body: body, hash: eventHash, receivedAt: receivedAt, name: event.name, chatID: event.chatID,
            widgetID: event.widgetID, status: "applied", error: nil)
        do {
            let (leadID, created) = try database.savepoint {
                try apply(event, eventID: id, at: receivedAt)
            }
            try database.run(
                "UPDATE events SET lead_id = ?, created_lead = ? WHERE id = ?",
                [SQLValue(leadID), SQLValue(created), .integer(id)])
            return IngestResult(
                eventID: id, status: "applied", eventName: event.name, leadID: leadID,
                created: created, httpStatus: 200,
                reply: try reply(to: event, leadID: leadID, created: created))
        } catch let error as StoreError where error.isTransient {
            throw error
        } catch {
            let message = "applying the event failed: \(error)"
            try database.run(
                "UPDATE events SET status = 'failed', error = ? WHERE id = ?",
                [.text(message), .integer(id)])
            return IngestResult(
                eventID: id, status: "failed", eventName: event.name, leadID: nil, created: false,
                httpStatus: 500, reply: .fixed(ChatReply.error(message)))
        }
    }

    func insertEvent(
        body: [UInt8], hash: [UInt8], receivedAt: Int64, name: String, chatID: String?,
        widgetID: String?, status: String, error: String?, leadID: Int64? = nil
    ) throws -> Int64 {
        try database.run(
            "INSERT INTO events(received_at, body, body_hash, event_name, chat_id, widget_id, "
                + "status, error, lead_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                .integer(receivedAt), .blob(body), .blob(hash), .text(name), SQLValue(chatID),
                SQLValue(widgetID), .text(status), SQLValue(error), SQLValue(leadID),
            ])
        return database.lastInsertID
    }

    /// The reply JivoChat shows the agent: lead data for chat_accepted and chat_updated,
    /// `{"result":"ok"}` for everything else.
    func reply(to event: WebhookEvent, leadID: Int64?, created: Bool) throws -> IngestAnswer {
        guard event.kind?.expectsLeadReply == true, let leadID,
            let lead = try unchangedLead.flatMap({ $0.id == leadID ? $0 : nil }) ?? lead(leadID)
        else {
            return .fixed(ChatReply.ok)
        }
        return .lead(lead, try replyContext(leadID, created: created), settings)
    }

    /// The facts about lead `id` that its reply states beyond the lead itself.
    public func replyContext(_ id: Int64, created: Bool) throws -> ReplyComposer.Context {
        ReplyComposer.Context(
            openTasks: Int(
                try database.scalar(
                    "SELECT count(*) FROM tasks WHERE lead_id = ? AND status = 'open'",
                    [.integer(id)]) ?? 0),
            lastChatAt: try database.scalar(
                "SELECT max(started_at) FROM chats WHERE lead_id = ?", [.integer(id)]),
            created: created)
    }

    /// Applies a decoded event; returns the lead it touched and whether it created it.
    func apply(_ event: WebhookEvent, eventID: Int64, at now: Int64) throws -> (Int64?, Bool) {
        guard let kind = event.kind else { return (nil, false) }
        switch kind {
        case .chatAccepted, .chatUpdated:
            let (lead, created) = try matchOrCreate(event, eventID: eventID, at: now)
            try recordChat(event, lead: lead, at: now)
            return (lead, created)
        case .chatFinished:
            let (lead, created) = try matchOrCreate(event, eventID: eventID, at: now)
            let chatRow = try recordChat(event, lead: lead, at: now)
            try recordTranscript(event, chatRow: chatRow, at: now)
            return (lead, created)
        case .offlineMessage:
            let (lead, created) = try matchOrCreate(event, eventID: eventID, at: now)
            try openOfflineTask(event, lead: lead, eventID: eventID, at: now)
            return (lead, created)
        case .callEvent:
            let (lead, created) = try matchOrCreate(event, eventID: eventID, at: now)
            try recordCall(event, lead: lead, at: now)
            return (lead, created)
        case .chatAssigned:
            return try assignChat(event, eventID: eventID, at: now)
        case .clientUpdated, .clientAttributeUpdated:
            let (lead, created) = try matchOrCreate(event, eventID: eventID, at: now)
            try recordClientData(event, lead: lead)
            return (lead, created)
        }
    }
}
