import CRMCore
import JivoProtocol

/// The ingest use case: keeps each delivered body in the event inbox and applies its event to
/// the CRM, inside the caller's write transaction. CRMCore's plans decide (``LeadMatching``,
/// ``DuplicateLeads``, ``ContactPlan``, ``LeadKeysPlan``, ``CRMLinkPlan``, ``CallStatusPlan``,
/// ``ClientDataPlan``, ``CRMWebhookPlan``, ``WebhookTask``); the repositories carry the
/// decisions out; what one step learns reaches the next as a value (``MatchedLead``,
/// ``AppliedEvent``), never as state kept between calls.
struct Ingest {
    /// The store: its settings, clock, audit and the operations ingest shares with operators.
    let store: Store
    /// The leads table.
    let leads: LeadRepository
    /// Chats, messages and calls.
    let chats: ChatRepository
    /// The events table.
    let inbox: EventInbox

    /// The ingest of `store`.
    init(store: Store) {
        self.store = store
        leads = LeadRepository(database: store.database)
        chats = ChatRepository(database: store.database)
        inbox = EventInbox(database: store.database, forwarding: store.forwardQueue)
    }

    /// Keeps the raw body and applies the event (``Store/ingest(_:isolated:)``), stamped with the
    /// time the transport received it. `isolated`: the event's effects run in a savepoint, so
    /// that a lasting failure undoes them and fails this event alone; otherwise such a failure
    /// throws ``IngestRetry`` (the caller's transaction is to be rolled back and run again
    /// isolated).
    func run(_ incoming: IncomingEvent, isolated: Bool = true) throws -> IngestResult {
        let receivedAt = incoming.receivedAt
        let body = incoming.body
        let event: WebhookEvent
        switch incoming.decoded {
        case .success(let decoded):
            event = decoded
        case .failure(let error):
            let id = try inbox.insert(
                body: body, hash: incoming.hash, receivedAt: receivedAt, name: "", chatID: nil,
                widgetID: nil, status: "quarantined", error: error.message)
            return IngestResult(
                eventID: id, outcome: .rejected(incoming.rejectionStatus == 415 ? .compressed : .unreadable),
                eventName: "", leadID: nil, created: false, reply: .fixed(ChatReply.error(error.message)))
        }
        let eventHash = incoming.hash
        // A redelivery is answered as the first delivery was: with the lead as it stands now, and
        // enable_assign as decided then (JivoChat retries when our first answer was lost).
        if let first = try inbox.firstDelivery(hash: eventHash) {
            let id = try inbox.insert(
                body: body, hash: eventHash, receivedAt: receivedAt, name: event.name,
                chatID: event.chatID, widgetID: event.widgetID, status: "duplicate", error: nil,
                leadID: first.lead)
            return IngestResult(
                eventID: id, outcome: .duplicate, eventName: event.name, leadID: first.lead,
                created: false, reply: try reply(to: event, leadID: first.lead, created: first.created))
        }
        // The lead is looked up first, so that a returning visitor's event row is written once,
        // with its lead. A lookup that fails (undone by `recoverable`, so that on PostgreSQL the
        // batch's transaction goes on) is made again while applying, where a lasting failure
        // fails this event alone (or asks for an isolated retry) and a transient one the batch.
        let match =
            event.kind == nil || event.kind == .chatAssigned
            ? nil : try? store.database.recoverable { try matchLead(event) }
        // A new visitor's chat gets its row once its lead exists (under the id it would have had
        // written first), instead of written without the lead and updated.
        let writtenLast =
            writesRowAfterApplying(event, match: match)
            ? EventInbox.Delivery(
                body: body, hash: eventHash, receivedAt: receivedAt, name: event.name, chatID: event.chatID,
                widgetID: event.widgetID) : nil
        let id =
            writtenLast != nil
            ? try inbox.nextID()
            : try inbox.insert(
                body: body, hash: eventHash, receivedAt: receivedAt, name: event.name, chatID: event.chatID,
                widgetID: event.widgetID, status: "applied", error: nil, leadID: match?.found)
        do {
            // Isolated, the event's whole step is one savepoint (its lead, note and reply too),
            // so a failure undoes it alone; in a listener's batch it runs bare, and a failure
            // asks for the batch to be written again isolated (``IngestRetry``).
            let step = {
                let applied = try apply(event, eventID: id, at: receivedAt, match: match)
                let note = IngestNote.joined(applied.notes)
                if let writtenLast {
                    try inbox.insert(
                        writtenLast, reserved: id, status: "applied", error: nil, leadID: applied.lead,
                        created: applied.created, note: note)
                } else {
                    if applied.lead != match?.found || applied.created {
                        try inbox.setLead(applied.lead, created: applied.created, event: id)
                    }
                    if let note { try inbox.setNote(note, event: id) }
                }
                return IngestResult(
                    eventID: id, outcome: .applied, eventName: event.name, leadID: applied.lead,
                    created: applied.created,
                    reply: try reply(
                        to: event, leadID: applied.lead, created: applied.created, unchanged: applied.unchanged))
            }
            return isolated ? try store.database.savepoint(step) : try step()
        } catch let error as StoreError where error.isTransient {
            throw error
        } catch {
            guard isolated else { throw IngestRetry(failure: "\(error)") }
            let message = "applying the event failed: \(error)"
            if let writtenLast {
                try inbox.insert(
                    writtenLast, reserved: id, status: "failed", error: message, leadID: nil, created: false, note: nil)
            } else {
                try inbox.markFailed(id, message: message)
            }
            return IngestResult(
                eventID: id, outcome: .failed, eventName: event.name, leadID: nil, created: false,
                reply: .fixed(IngestResult.failedReply(eventID: id)), failure: message)
        }
    }

    /// Whether `event`'s row is written after its effects, in one insert with its lead: a chat
    /// of a visitor no lead matched (`match`, looked up already), whose lead the event creates
    /// and whose effects write no row pointing at the event's (as a conflict would: only its id
    /// appears, in the audit trail), on SQLite, where reserving the id costs one read
    /// (``EventInbox/nextID()``) and saves the update of the row's lead and its index.
    private func writesRowAfterApplying(_ event: WebhookEvent, match: LeadMatch?) -> Bool {
        guard let match, match.found == nil, !store.database.isPostgres else { return false }
        return event.kind == .chatAccepted || event.kind == .chatUpdated || event.kind == .chatFinished
    }

    /// The reply JivoChat shows the agent: lead data for chat_accepted and chat_updated,
    /// `{"result":"ok"}` for everything else. `unchanged` is the lead as loaded while the event
    /// was applied, when nothing changed it since.
    func reply(to event: WebhookEvent, leadID: Int64?, created: Bool, unchanged: Lead? = nil) throws -> IngestAnswer {
        guard event.kind?.expectsLeadReply == true, let leadID,
            let lead = try unchanged.flatMap({ $0.id == leadID ? $0 : nil }) ?? store.lead(leadID)
        else {
            return .fixed(ChatReply.ok)
        }
        return .lead(lead, try store.replyContext(leadID, created: created), store.settings)
    }

    /// Applies a decoded event (`match`: its lead, when looked up already).
    func apply(_ event: WebhookEvent, eventID: Int64, at now: Int64, match: LeadMatch?) throws -> AppliedEvent {
        guard let kind = event.kind else { return AppliedEvent(notes: [.noEffect]) }
        switch kind {
        case .chatAccepted, .chatUpdated:
            let lead = try matchOrCreate(event, eventID: eventID, at: now, match: match)
            try recordChat(event, lead: lead.id, at: now)
            return AppliedEvent(lead)
        case .chatFinished:
            let lead = try matchOrCreate(event, eventID: eventID, at: now, match: match)
            // A transcript without its chat's id is kept all the same, on a chat named after the
            // event (as an offline message without its id opens its task under the event's).
            let unnamed = event.chatID == nil && event.transcript?.messages.isEmpty == false
            let chatRow = try recordChat(event, lead: lead.id, at: now, chatID: unnamed ? "event-\(eventID)" : nil)
            try recordTranscript(event, chatRow: chatRow, at: now)
            return AppliedEvent(lead, notes: unnamed ? [.transcriptWithoutChatID("event-\(eventID)")] : [])
        case .offlineMessage:
            let lead = try matchOrCreate(event, eventID: eventID, at: now, match: match)
            try openOfflineTask(event, lead: lead.id, eventID: eventID, at: now)
            return AppliedEvent(lead)
        case .callEvent:
            let lead = try matchOrCreate(event, eventID: eventID, at: now, match: match)
            let note = try recordCall(event, lead: lead.id, at: now)
            return AppliedEvent(lead, notes: note.map { [$0] } ?? [])
        case .chatAssigned:
            return try assignChat(event, eventID: eventID, at: now)
        case .clientUpdated, .clientAttributeUpdated:
            let lead = try matchOrCreate(event, eventID: eventID, at: now, match: match)
            let notes = [try responsibleAgentNote(event, lead: lead), try recordClientData(event, lead: lead)]
            return AppliedEvent(lead, notes: notes.compactMap { $0 })
        case .assignedAgentToClient, .updatedClientContacts, .assignedStatus:
            return try applyCRMWebhook(event, eventID: eventID, at: now, match: match)
        }
    }

    /// The note for `event`'s responsible agent (client_updated's and the CRM-webhook family's
    /// `assigned_agent`) when it is not the lead's manager: a webhook never changes a manager
    /// once set, and says so instead of dropping the change without a word.
    func responsibleAgentNote(_ event: WebhookEvent, lead: MatchedLead) throws -> IngestNote? {
        guard let email = event.assignedAgent?.email else { return nil }
        return IngestNote.responsibleAgent(email, manager: try (lead.unchanged ?? store.lead(lead.id))?.manager)
    }

    /// JivoChat's CRM-webhook family: contacts, the responsible agent and the client's status
    /// reach the client's lead through the same matching and conflict rules as any event; a lead
    /// is created only for contacts. One that carries none of these is stored with no effect.
    func applyCRMWebhook(_ event: WebhookEvent, eventID: Int64, at now: Int64, match: LeadMatch?) throws
        -> AppliedEvent
    {
        let plan = CRMWebhookPlan(event: event)
        if let skip = plan.skip { return AppliedEvent(notes: [skip]) }
        let match = try match ?? matchLead(event)
        if let skip = plan.skip(found: match.found) { return AppliedEvent(notes: [skip]) }
        let lead = try matchOrCreate(event, eventID: eventID, at: now, match: match)
        let notes = [try responsibleAgentNote(event, lead: lead), try recordClientData(event, lead: lead)]
        return AppliedEvent(lead, notes: notes.compactMap { $0 })
    }
}

/// What applying one event did: the lead it touched and what it noted.
struct AppliedEvent {
    /// The lead it touched.
    var lead: Int64?
    /// Whether it created that lead.
    var created = false
    /// That lead as loaded while applying, when nothing changed it since.
    var unchanged: Lead?
    /// What it did not apply, or that it had no effect.
    var notes: [IngestNote] = []

    /// An event that touched no lead.
    init(notes: [IngestNote]) {
        self.notes = notes
    }

    /// An event applied to `lead`.
    init(_ lead: MatchedLead, notes: [IngestNote] = []) {
        self.lead = lead.id
        created = lead.created
        unchanged = lead.unchanged
        self.notes = lead.notes + notes
    }
}
