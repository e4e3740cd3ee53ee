import CRMCore
import JivoProtocol

/// What became of one delivered webhook body.
public struct IngestResult: Sendable, Equatable {
    /// The raw event's row id.
    public var eventID: Int64
    /// `applied`, `duplicate`, `quarantined` or `failed`.
    public var status: String
    /// The event's name (empty if the body had none or was not JSON).
    public var eventName: String
    /// The lead it touched.
    public var leadID: Int64?
    /// Whether it created that lead.
    public var created: Bool
    /// The HTTP status to answer with.
    public var httpStatus: Int
    /// What to answer with.
    var answer: IngestAnswer
    /// The JSON to answer with, composed when asked (a listener asks off its writer thread).
    public var reply: JSONValue { answer.json }

    init(
        eventID: Int64, status: String, eventName: String, leadID: Int64?, created: Bool,
        httpStatus: Int, reply answer: IngestAnswer
    ) {
        self.eventID = eventID
        self.status = status
        self.eventName = eventName
        self.leadID = leadID
        self.created = created
        self.httpStatus = httpStatus
        self.answer = answer
    }
}

/// An ingest's answer: fixed JSON, or the lead's data for the agent, composed on demand.
enum IngestAnswer: Sendable, Equatable {
    /// This JSON.
    case fixed(JSONValue)
    /// ``ReplyComposer``'s reply for the lead as it was committed.
    case lead(Lead, ReplyComposer.Context, CRMSettings)

    /// The JSON.
    var json: JSONValue {
        switch self {
        case .fixed(let json): json
        case .lead(let lead, let context, let settings):
            ReplyComposer(settings: settings).reply(for: lead, context: context).json
        }
    }
}

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

    private func insertEvent(
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

    // MARK: Matching

    /// The visitor's data with the call's phone standing in when the visitor gave none.
    private func visitorData(_ event: WebhookEvent) -> Visitor {
        var visitor = event.visitor ?? Visitor()
        if visitor.phone == nil { visitor.phone = event.call?.phone }
        return visitor
    }

    private func leadByKey(_ kind: String, scope: String?, _ value: String?) throws -> Int64? {
        guard let value else { return nil }
        if let scope {
            return try database.scalar(
                "SELECT lead_id FROM lead_keys WHERE kind = ? AND scope = ? AND value = ?",
                [.text(kind), .text(scope), .text(value)])
        }
        return try database.scalar(
            "SELECT lead_id FROM lead_keys WHERE kind = ? AND value = ? ORDER BY lead_id LIMIT 1",
            [.text(kind), .text(value)])
    }

    private func leadByContact(_ table: String, _ normalized: String?) throws -> Int64? {
        guard let normalized else { return nil }
        return try database.scalar(
            "SELECT c.lead_id FROM \(table) c JOIN leads l ON l.id = c.lead_id "
                + "WHERE c.normalized = ? AND l.merged_into IS NULL ORDER BY c.lead_id LIMIT 1",
            [.text(normalized)])
    }

    /// Finds the visitor's lead (by the chat, user_token, email, phone, visitor number or
    /// client id, in that order) or creates one, then applies the visitor's data to it.
    func matchOrCreate(_ event: WebhookEvent, eventID: Int64, at now: Int64) throws -> (Int64, Bool) {
        let visitor = visitorData(event)
        let widget = event.widgetID ?? ""
        let email = visitor.email.flatMap(settings.normalizer.email)
        let phone = visitor.phone.flatMap(settings.normalizer.phone)
        let byChat = try event.chatID.flatMap { chat in
            try database.scalar(
                "SELECT lead_id FROM chats WHERE widget_id = ? AND chat_id = ?",
                [.text(widget), .text(chat)])
        }
        let byToken = try leadByKey("user_token", scope: "", event.userToken)
        let byEmail = try leadByContact("lead_emails", email)
        let byPhone = try leadByContact("lead_phones", phone)
        let byVisitor = try leadByKey("visitor", scope: widget, visitor.number)
        let byClient = try leadByKey("client", scope: nil, event.clientID)

        let leadID: Int64
        let created: Bool
        if let found = byChat ?? byToken ?? byEmail ?? byPhone ?? byVisitor ?? byClient {
            leadID = found
            created = false
        } else {
            leadID = try createLead(event, visitor: visitor, eventID: eventID, at: now)
            created = true
        }
        var excluded: Set<ContactField> = []
        for (field, other) in [(ContactField.email, byEmail), (.phone, byPhone)] {
            guard let other, other != leadID else { continue }
            excluded.insert(field)
            try openConflict(
                lead: leadID, field: .duplicate, current: "#\(leadID)", incoming: "#\(other)",
                normalized: "lead:\(other)", otherLead: other, eventID: eventID, at: now)
        }
        try applyVisitor(visitor, to: leadID, excluding: excluded, eventID: eventID, at: now)
        try rememberKeys(event, visitor: visitor, lead: leadID)
        try assignManagerIfNone(lead: leadID, agents: agentEmails(event), created: created)
        try touchActivity(leadID, at: now)
        return (leadID, created)
    }

    private func agentEmails(_ event: WebhookEvent) -> [String] {
        ([event.agent, event.assignedAgent] + event.agents).compactMap { $0?.email }
    }

    private func createLead(
        _ event: WebhookEvent, visitor: Visitor, eventID: Int64, at now: Int64
    ) throws -> Int64 {
        let fallback = visitor.number.map { "Visitor \($0)" } ?? visitor.phone ?? visitor.email ?? "Visitor"
        let title: String
        switch event.kind {
        case .offlineMessage?: title = "JivoChat offline message - \(visitor.name ?? fallback)"
        case .callEvent?: title = "JivoChat call - \(visitor.name ?? fallback)"
        default: title = Lead.title(chatID: event.chatID, name: visitor.name, fallback: fallback)
        }
        let geo = event.session?.geoip
        try database.run(
            """
            INSERT INTO leads(title, channel, first_page_url, first_page_title, utm, city, country,
                user_token, visitor_number, client_id, created_at, updated_at, last_activity_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(title), SQLValue(event.widgetID), SQLValue(event.page?.url),
                SQLValue(event.page?.title), .text(Store.json(event.session?.utm ?? [])),
                SQLValue(geo?.city), SQLValue(geo?.country), SQLValue(event.userToken),
                SQLValue(visitor.number), SQLValue(event.clientID), .integer(now), .integer(now),
                .integer(now),
            ])
        let id = database.lastInsertID
        try audit(
            actor: "webhook", lead: id, action: "created",
            detail: "from event #\(eventID) (\(event.name))")
        return id
    }

    /// Fills empty fields from the visitor and opens conflicts for values that disagree.
    func applyVisitor(
        _ visitor: Visitor, to leadID: Int64, excluding excluded: Set<ContactField>,
        eventID: Int64?, at now: Int64, actor: String = "webhook"
    ) throws {
        guard let lead = try lead(leadID) else { return }
        unchangedLead = lead
        let plan = ContactPlan(
            lead: lead, visitor: visitor, normalizer: settings.normalizer, excluding: excluded)
        for fill in plan.fills {
            switch fill.field {
            case .name, .description:
                try database.run(
                    "UPDATE leads SET \(fill.field.rawValue) = ? WHERE id = ?",
                    [.text(fill.value), .integer(leadID)])
            case .email:
                try addContact("lead_emails", lead: leadID, value: fill.value, normalized: fill.normalized)
            case .phone:
                try addContact("lead_phones", lead: leadID, value: fill.value, normalized: fill.normalized)
            case .duplicate, .crmLink:
                continue
            }
            try audit(
                actor: actor, lead: leadID, action: "fill", field: fill.field.rawValue,
                after: fill.value, detail: eventID.map { "from event #\($0)" })
        }
        for dispute in plan.disputes {
            try openConflict(
                lead: leadID, field: dispute.field, current: dispute.current,
                incoming: dispute.incoming, normalized: dispute.normalized, otherLead: nil,
                eventID: eventID, at: now, actor: actor)
        }
        if !plan.fills.isEmpty {
            try bumpVersion(leadID)
            try refreshSearch(leadID)
        }
    }

    /// Appends an email or phone to a lead (after its others).
    func addContact(_ table: String, lead: Int64, value: String, normalized: String) throws {
        try database.run(
            "INSERT OR IGNORE INTO \(table)(lead_id, position, value, normalized) "
                + "VALUES (?, (SELECT coalesce(max(position), -1) + 1 FROM \(table) WHERE lead_id = ?), ?, ?)",
            [.integer(lead), .integer(lead), .text(value), .text(normalized)])
    }

    /// Opens a conflict unless one for the same lead, field and incoming value exists already
    /// (open or decided: an operator is not asked twice); `actor` brought the incoming value.
    func openConflict(
        lead: Int64, field: ContactField, current: String, incoming: String, normalized: String,
        otherLead: Int64?, eventID: Int64?, at now: Int64, actor: String = "webhook"
    ) throws {
        let exists = try database.scalar(
            "SELECT 1 FROM conflicts WHERE lead_id = ? AND field = ? AND incoming_normalized = ?",
            [.integer(lead), .text(field.rawValue), .text(normalized)])
        guard exists == nil else { return }
        try database.run(
            """
            INSERT INTO conflicts(lead_id, field, current, incoming, incoming_normalized,
                other_lead_id, event_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .integer(lead), .text(field.rawValue), .text(current), .text(incoming),
                .text(normalized), SQLValue(otherLead), SQLValue(eventID), .integer(now),
            ])
        try audit(
            actor: actor, lead: lead, action: "conflict", field: field.rawValue,
            before: current, after: incoming, detail: "conflict #\(database.lastInsertID) opened")
    }

    /// Keeps the event's keys for matching, and fills the lead's key columns, city and country
    /// where they are empty (skipping the updates the lead as loaded shows would change nothing).
    private func rememberKeys(_ event: WebhookEvent, visitor: Visitor, lead: Int64) throws {
        let widget = event.widgetID ?? ""
        let known = unchangedLead.flatMap { $0.id == lead ? $0 : nil }
        let keys: [(String, String, String?, String, Bool)] = [
            ("user_token", "", event.userToken, "user_token", known?.userToken != nil),
            ("visitor", widget, visitor.number, "visitor_number", known?.visitorNumber != nil),
            ("client", "", event.clientID, "client_id", known?.clientID != nil),
        ]
        for (kind, scope, value, column, filled) in keys {
            guard let value else { continue }
            try database.run(
                "INSERT OR IGNORE INTO lead_keys(kind, scope, value, lead_id) VALUES (?, ?, ?, ?)",
                [.text(kind), .text(scope), .text(value), .integer(lead)])
            guard !filled else { continue }
            try database.run(
                "UPDATE leads SET \(column) = ? WHERE id = ? AND \(column) IS NULL",
                [.text(value), .integer(lead)])
        }
        if let geo = event.session?.geoip, known?.city == nil || known?.country == nil {
            try database.run(
                "UPDATE leads SET city = coalesce(city, ?), country = coalesce(country, ?) WHERE id = ?",
                [SQLValue(geo.city), SQLValue(geo.country), .integer(lead)])
        }
    }

    /// Gives a lead without a manager one: the agent's login, else the default; audited with
    /// the rule that decided. A manager once set is never changed by a webhook.
    private func assignManagerIfNone(lead: Int64, agents: [String], created: Bool) throws {
        if let known = unchangedLead, known.id == lead {
            guard known.manager == nil else { return }
        } else {
            let current = try database.first(
                "SELECT manager_id FROM leads WHERE id = ?", [.integer(lead)]
            ) { $0.optionalInt(0) }
            guard let current, current == nil else { return }
        }
        let (manager, rule) = ManagerRule.choose(agentEmails: agents, managers: try managers())
        if let manager {
            try database.run(
                "UPDATE leads SET manager_id = ? WHERE id = ?", [.integer(manager.id), .integer(lead)])
            try bumpVersion(lead)
            try audit(
                actor: "webhook", lead: lead, action: "assign", field: "manager",
                after: manager.login, detail: "rule: \(rule.rawValue)")
        } else if created {
            try audit(
                actor: "webhook", lead: lead, action: "assign", field: "manager",
                detail: "rule: none (no agent login matched and there is no default manager)")
        }
    }

    // MARK: Chats, transcripts, tasks, calls

    /// Records the chat (once per channel and chat id) and its agent on `lead`; returns the
    /// chat's row id.
    @discardableResult
    private func recordChat(_ event: WebhookEvent, lead: Int64, at now: Int64) throws -> Int64? {
        guard let chatID = event.chatID else { return nil }
        let widget = event.widgetID ?? ""
        try database.run(
            "INSERT OR IGNORE INTO chats(lead_id, widget_id, chat_id, started_at, page_url) "
                + "VALUES (?, ?, ?, ?, ?)",
            [.integer(lead), .text(widget), .text(chatID), .integer(now), SQLValue(event.page?.url)])
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

    /// Stores chat_finished's transcript on the chat with row id `chatRow` (just recorded):
    /// messages not seen before, rating, flags.
    private func recordTranscript(_ event: WebhookEvent, chatRow: Int64?, at now: Int64) throws {
        guard let chatRow else { return }
        let transcript = event.transcript ?? ChatTranscript()
        try database.run(
            """
            UPDATE chats SET finished_at = coalesce(finished_at, ?), rate = coalesce(?, rate),
                blacklisted = coalesce(?, blacklisted), invitation = coalesce(?, invitation),
                plain_messages = coalesce(?, plain_messages) WHERE id = ?
            """,
            [
                .integer(now), SQLValue(transcript.rate), transcript.blacklisted.map(SQLValue.init) ?? .null,
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
    private func openOfflineTask(
        _ event: WebhookEvent, lead: Int64, eventID: Int64, at now: Int64
    ) throws {
        let key = "offline:\(event.widgetID ?? ""):\(event.offlineMessageID ?? "event-\(eventID)")"
        try openTask(
            lead: lead, kind: "offline_message", text: event.message ?? "", key: key,
            due: now + settings.offlineTaskDueSeconds * 1000, at: now)
    }

    private func openTask(
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

    /// Records a call status change; a call ending in `error` opens a call-back task.
    private func recordCall(_ event: WebhookEvent, lead: Int64, at now: Int64) throws {
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
        try database.run(
            "INSERT OR IGNORE INTO call_statuses(call_id, status, at, reason) VALUES (?, ?, ?, ?)",
            [.integer(callRow), .text(status), .integer(now), SQLValue(call.reason)])
        guard database.changes > 0 else { return }
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

    /// Keeps client_updated's and client_attribute_updated's data on the lead.
    private func recordClientData(_ event: WebhookEvent, lead: Int64) throws {
        var extra = event.attributes
        let root = JSONValue.object(event.raw)
        if let organization = root["organization"]?["name"]?.text { extra.append(("organization", organization)) }
        if let status = root["status"]?["title"]?.text { extra.append(("jivo_status", status)) }
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

    // MARK: chat_assigned

    /// `assign_to` is the link the agent pasted: one of ours attaches the chat and its visitor
    /// to that lead (an auto-created lead holding nothing else is merged into it); any other
    /// link becomes the lead's crm_link (a conflict if the lead has a different one).
    private func assignChat(_ event: WebhookEvent, eventID: Int64, at now: Int64) throws -> (Int64?, Bool) {
        guard let link = event.assignTo else {
            let (lead, created) = try matchOrCreate(event, eventID: eventID, at: now)
            try recordChat(event, lead: lead, at: now)
            return (lead, created)
        }
        if let target = settings.leadID(fromLink: link),
            try database.scalar("SELECT 1 FROM leads WHERE id = ? AND merged_into IS NULL", [.integer(target)]) != nil
        {
            try attachChat(event, to: target, eventID: eventID, at: now)
            return (target, false)
        }
        let (lead, created) = try matchOrCreate(event, eventID: eventID, at: now)
        try recordChat(event, lead: lead, at: now)
        let current =
            try database.first("SELECT crm_link FROM leads WHERE id = ?", [.integer(lead)]) { $0.optionalText(0) }
            ?? nil
        if current == nil {
            try database.run("UPDATE leads SET crm_link = ? WHERE id = ?", [.text(link), .integer(lead)])
            try bumpVersion(lead)
            try audit(
                actor: "webhook", lead: lead, action: "fill", field: "crm_link", after: link,
                detail: "from event #\(eventID) (chat_assigned)")
        } else if current != link, let current {
            try openConflict(
                lead: lead, field: .crmLink, current: current, incoming: link, normalized: link,
                otherLead: nil, eventID: eventID, at: now)
        }
        return (lead, created)
    }

    private func attachChat(_ event: WebhookEvent, to target: Int64, eventID: Int64, at now: Int64) throws {
        let widget = event.widgetID ?? ""
        let previous = try event.chatID.flatMap { chat in
            try database.scalar(
                "SELECT lead_id FROM chats WHERE widget_id = ? AND chat_id = ?", [.text(widget), .text(chat)])
        }
        if let previous, previous != target {
            try moveLeadContents(from: previous, to: target, chatID: event.chatID, widget: widget, at: now)
        }
        let visitor = visitorData(event)
        try applyVisitor(visitor, to: target, excluding: [], eventID: eventID, at: now)
        try rememberKeys(event, visitor: visitor, lead: target)
        try recordChat(event, lead: target, at: now)
        try touchActivity(target, at: now)
        try audit(
            actor: "webhook", lead: target, action: "attach",
            detail: "chat \(event.chatID ?? "?") linked by the agent (event #\(eventID))")
    }

    /// Moves the chat to `target`; when `source` was created by a webhook and holds nothing
    /// else (no other chats, calls, tasks, notes, fields or operator edits), merges it into
    /// `target`.
    private func moveLeadContents(from source: Int64, to target: Int64, chatID: String?, widget: String, at now: Int64)
        throws
    {
        if let chatID {
            try database.run(
                "UPDATE chats SET lead_id = ? WHERE widget_id = ? AND chat_id = ?",
                [.integer(target), .text(widget), .text(chatID)])
        }
        let holdsMore =
            try database.scalar(
                """
                SELECT (SELECT count(*) FROM chats WHERE lead_id = ?1) + (SELECT count(*) FROM calls WHERE lead_id = ?1)
                    + (SELECT count(*) FROM tasks WHERE lead_id = ?1) + (SELECT count(*) FROM notes WHERE lead_id = ?1)
                    + (SELECT count(*) FROM lead_fields WHERE lead_id = ?1)
                    + (SELECT count(*) FROM audit WHERE lead_id = ?1 AND actor != 'webhook')
                    + (SELECT count(*) FROM leads WHERE id = ?1 AND (status != 'unsorted' OR crm_link IS NOT NULL))
                """, [.integer(source)]) ?? 0
        guard holdsMore == 0, let absorbed = try lead(source) else { return }
        let visitor = Visitor(
            name: absorbed.name.isEmpty ? nil : absorbed.name, email: absorbed.emails.first?.value,
            phone: absorbed.phones.first?.value,
            description: absorbed.description.isEmpty ? nil : absorbed.description)
        try database.run("DELETE FROM lead_emails WHERE lead_id = ?", [.integer(source)])
        try database.run("DELETE FROM lead_phones WHERE lead_id = ?", [.integer(source)])
        try database.run("UPDATE lead_keys SET lead_id = ? WHERE lead_id = ?", [.integer(target), .integer(source)])
        try database.run("UPDATE conflicts SET lead_id = ? WHERE lead_id = ?", [.integer(target), .integer(source)])
        try database.run("UPDATE leads SET merged_into = ? WHERE id = ?", [.integer(target), .integer(source)])
        try database.run("DELETE FROM lead_search WHERE rowid = ?", [.integer(source)])
        try applyVisitor(visitor, to: target, excluding: [], eventID: nil, at: now)
        try audit(
            actor: "webhook", lead: target, action: "merge",
            detail: "auto-created lead #\(source) merged in (chat_assigned)")
        try audit(actor: "webhook", lead: source, action: "merged", detail: "merged into lead #\(target)")
    }
}
