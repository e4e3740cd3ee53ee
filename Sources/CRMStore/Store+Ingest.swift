import CRMCore
import JivoProtocol

/// Ingest: keeping each delivered body and applying its event.
extension Store {
    /// Keeps the raw body and applies the event to the CRM, inside the caller's write
    /// transaction. Bodies that are not a JSON object are kept as quarantined (400); an event
    /// whose effects fail for a lasting reason is kept as failed (500) and its effects undone;
    /// transient store errors (busy, disk full) are thrown so that nothing is acknowledged.
    public func ingest(body: [UInt8], receivedAt: Int64) throws -> IngestResult {
        try ingest(IncomingEvent(body: body, receivedAt: receivedAt), receivedAt: receivedAt)
    }

    /// ``ingest(body:receivedAt:)`` for a body already decoded and hashed (on another thread).
    /// A compressed body is kept as quarantined and answered 415.
    public func ingest(_ incoming: IncomingEvent, receivedAt: Int64) throws -> IngestResult {
        unchangedLead = nil
        ingestNotes = []
        defer {
            unchangedLead = nil
            ingestNotes = []
        }
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
                httpStatus: incoming.rejectionStatus, reply: .fixed(ChatReply.error(error.message)))
        }
        let eventHash = incoming.hash
        // A redelivery is answered as the first delivery was: with the lead as it stands now, and
        // enable_assign as decided then (JivoChat retries when our first answer was lost).
        if let (original, createdThen) = try database.first(
            "SELECT lead_id, created_lead FROM events WHERE body_hash = ? AND status IN ('applied', 'duplicate') "
                + "ORDER BY id LIMIT 1", [.blob(eventHash)], { ($0.optionalInt(0), $0.int(1) != 0) })
        {
            let id = try insertEvent(
                body: body, hash: eventHash, receivedAt: receivedAt, name: event.name,
                chatID: event.chatID, widgetID: event.widgetID, status: "duplicate", error: nil,
                leadID: original)
            return IngestResult(
                eventID: id, status: "duplicate", eventName: event.name, leadID: original,
                created: false, httpStatus: 200,
                reply: try reply(to: event, leadID: original, created: createdThen))
        }
        // The lead is looked up first, so that a returning visitor's event row is written once,
        // with its lead. A lookup that fails is made again inside the savepoint below, where a
        // lasting failure fails this event alone and a transient one the batch.
        let match = event.kind == nil || event.kind == .chatAssigned ? nil : try? matchLead(event)
        let id = try insertEvent(
            body: body, hash: eventHash, receivedAt: receivedAt, name: event.name, chatID: event.chatID,
            widgetID: event.widgetID, status: "applied", error: nil, leadID: match?.found)
        do {
            let (leadID, created) = try database.savepoint {
                try apply(event, eventID: id, at: receivedAt, match: match)
            }
            if leadID != match?.found || created {
                try database.run(
                    "UPDATE events SET lead_id = ?, created_lead = ? WHERE id = ?",
                    [SQLValue(leadID), SQLValue(created), .integer(id)])
            }
            if !ingestNotes.isEmpty {
                try database.run(
                    "UPDATE events SET note = ? WHERE id = ?",
                    [.text(ingestNotes.joined(separator: "; ")), .integer(id)])
            }
            return IngestResult(
                eventID: id, status: "applied", eventName: event.name, leadID: leadID,
                created: created, httpStatus: 200,
                reply: try reply(to: event, leadID: leadID, created: created))
        } catch let error as StoreError where error.isTransient {
            throw error
        } catch {
            let message = "applying the event failed: \(error)"
            try database.run(
                "UPDATE events SET status = 'failed', error = ?, lead_id = NULL WHERE id = ?",
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
        let (openTasks, lastChatAt) =
            try database.first(
                """
                SELECT (SELECT count(*) FROM tasks WHERE lead_id = ?1 AND status = 'open'),
                    (SELECT max(started_at) FROM chats WHERE lead_id = ?1)
                """, [.integer(id)]
            ) { (Int($0.int(0)), $0.optionalInt(1)) } ?? (0, nil)
        return ReplyComposer.Context(
            openTasks: openTasks, lastChatAt: lastChatAt, created: created,
            pageLink: settings.templateLink(for: id) == nil ? try leadPageURL(id) : nil)
    }

    /// Applies a decoded event (`match`: its lead, when looked up already); returns the lead it
    /// touched and whether it created it.
    func apply(_ event: WebhookEvent, eventID: Int64, at now: Int64, match: LeadMatch?) throws -> (Int64?, Bool) {
        guard let kind = event.kind else {
            ingestNotes.append(Store.noEffect)
            return (nil, false)
        }
        switch kind {
        case .chatAccepted, .chatUpdated:
            let (lead, created) = try matchOrCreate(event, eventID: eventID, at: now, match: match)
            try recordChat(event, lead: lead, at: now)
            return (lead, created)
        case .chatFinished:
            let (lead, created) = try matchOrCreate(event, eventID: eventID, at: now, match: match)
            let chatRow = try recordChat(event, lead: lead, at: now)
            try recordTranscript(event, chatRow: chatRow, at: now)
            return (lead, created)
        case .offlineMessage:
            let (lead, created) = try matchOrCreate(event, eventID: eventID, at: now, match: match)
            try openOfflineTask(event, lead: lead, eventID: eventID, at: now)
            return (lead, created)
        case .callEvent:
            let (lead, created) = try matchOrCreate(event, eventID: eventID, at: now, match: match)
            try recordCall(event, lead: lead, at: now)
            return (lead, created)
        case .chatAssigned:
            return try assignChat(event, eventID: eventID, at: now)
        case .clientUpdated, .clientAttributeUpdated:
            let (lead, created) = try matchOrCreate(event, eventID: eventID, at: now, match: match)
            try recordClientData(event, lead: lead)
            return (lead, created)
        case .assignedAgentToClient, .updatedClientContacts, .assignedStatus:
            return try applyCRMWebhook(event, eventID: eventID, at: now, match: match)
        }
    }

    /// The note on an event that changed nothing in the CRM.
    static let noEffect = "ignored: no CRM effect"

    /// JivoChat's CRM-webhook family: contacts, the responsible agent and the client's status
    /// reach the client's lead through the same matching and conflict rules as any event; a lead
    /// is created only for contacts. One that carries none of these is stored with no effect.
    func applyCRMWebhook(_ event: WebhookEvent, eventID: Int64, at now: Int64, match: LeadMatch?) throws -> (
        Int64?, Bool
    ) {
        let visitor = event.visitor ?? Visitor()
        let hasContacts = visitor.name != nil || visitor.email != nil || visitor.phone != nil
        guard hasContacts || event.assignedAgent != nil || event.clientStatus != nil else {
            ingestNotes.append(Store.noEffect)
            return (nil, false)
        }
        let match = try match ?? matchLead(event)
        guard hasContacts || match.found != nil else {
            ingestNotes.append("ignored: no lead matches this client (no CRM effect)")
            return (nil, false)
        }
        let (lead, created) = try matchOrCreate(event, eventID: eventID, at: now, match: match)
        if let email = event.assignedAgent?.email, let current = try self.lead(lead)?.manager,
            current.login.lowercased() != email.lowercased()
        {
            ingestNotes.append(
                "responsible agent \(email) not applied: the lead's manager is \(current.login), and a webhook "
                    + "never changes a manager once set")
        }
        try recordClientData(event, lead: lead)
        return (lead, created)
    }
}
