import CRMCore
import JivoProtocol

/// What an event records on its lead: chats and transcripts, offline-message and call-back
/// tasks, calls, client data.
extension Ingest {
    /// Records the chat (once per channel and chat id) with the name its visitor gave, and its
    /// agent, on `lead`; returns the chat's row id. A chat first seen with its transcript
    /// (chat_finished) started at its first message, not at the event's arrival. An event
    /// without a widget_id is of the lead's chat with its chat id, whatever its channel, when
    /// the lead has one (else a chat_finished without it began a second chat, open forever).
    /// `named`: the chat id to use instead of the event's (which it lacks); none, no chat.
    @discardableResult
    func recordChat(_ event: WebhookEvent, lead: Int64, at now: Int64, chatID named: String? = nil) throws -> Int64? {
        guard let chatID = named ?? event.chatID else { return nil }
        let firstMessage = event.transcript?.messages.compactMap(\.timestamp).min()
        let widget = try event.widgetID ?? chats.widget(ofChat: chatID, lead: lead) ?? ""
        return try chats.record(
            widget: widget, chatID: chatID, lead: lead,
            startedAt: firstMessage.flatMap(Ingest.milliseconds(unixSeconds:)) ?? now, pageURL: event.page?.url,
            visitorName: event.visitor?.name.map(\.trimmingWhitespace).flatMap { $0.isEmpty ? nil : $0 },
            agents: ([event.agent] + event.agents).compactMap { $0 })
    }

    /// Unix seconds as milliseconds; nil for a time so far out that it cannot be one.
    static func milliseconds(unixSeconds seconds: Int64) -> Int64? {
        let (milliseconds, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        return overflow || seconds < 0 ? nil : milliseconds
    }

    /// Stores chat_finished's transcript on the chat with row id `chatRow` (just recorded):
    /// messages not seen before, rating, flags. The chat finished at its last message, or at
    /// the event's arrival when no message has a time; it started at its first message when
    /// that came before the chat was first seen (a visitor writes before an agent accepts).
    func recordTranscript(_ event: WebhookEvent, chatRow: Int64?, at now: Int64) throws {
        guard let chatRow else { return }
        let transcript = event.transcript ?? ChatTranscript()
        let times = transcript.messages.compactMap(\.timestamp)
        try chats.finish(
            chatRow, transcript: transcript, plainMessages: event.plainMessages,
            startedBy: times.min().flatMap(Ingest.milliseconds(unixSeconds:)),
            finishedAt: times.max().flatMap(Ingest.milliseconds(unixSeconds:)) ?? now)
    }

    /// Opens the task for an offline message, once per message, as ``openTask(_:lead:at:)`` does.
    func openOfflineTask(
        _ event: WebhookEvent, lead: Int64, eventID: Int64, at now: Int64
    ) throws {
        try openTask(
            .offlineMessage(event, eventID: eventID, at: now, dueSeconds: store.settings.offlineTaskDueSeconds),
            lead: lead,
            at: now)
    }

    /// Opens `task` unless its source key opened one already, for the lead's active manager, else
    /// the default manager (``TaskRepository/openWebhookTask(_:lead:at:)``); audited.
    func openTask(_ task: WebhookTask, lead: Int64, at now: Int64) throws {
        if let id = try store.taskRows.openWebhookTask(task, lead: lead, at: now) {
            try store.audit(actor: "webhook", lead: lead, action: "task", detail: "\(task.kind) task #\(id) opened")
        }
    }

    /// Records a call status change as ``CallStatusPlan`` decides: kept in the call's history,
    /// made the call's current status unless older than its latest, and a current `error`
    /// opens a call-back task. A `start` after a call known by its phone alone ended begins the
    /// next call (``CallStatusPlan/beginsNewCall(status:chatID:current:)``). Returns the note
    /// for a status older than the call's latest.
    func recordCall(_ event: WebhookEvent, lead: Int64, at now: Int64) throws -> IngestNote? {
        let call = event.call ?? CallInfo()
        let widget = event.widgetID ?? ""
        let key = CallStatusPlan.callKey(chatID: event.chatID, phone: call.phone, normalizer: store.settings.normalizer)
        let calls = chats
        let status = call.status ?? "unknown"
        func currentCall() throws -> Int64? {
            try calls.call(widget: widget, key: key, lead: lead, type: call.type, phone: call.phone, at: now)
        }
        guard var callRow = try currentCall() else { return nil }
        var state = try calls.callState(callRow)
        if CallStatusPlan.beginsNewCall(status: status, chatID: event.chatID, current: state.status) {
            try calls.retireKey(ofCall: callRow)
            guard let next = try currentCall() else { return nil }
            callRow = next
            state = (nil, nil)
        }
        let ownTime = call.timestamp.flatMap(Ingest.milliseconds(unixSeconds:))
        guard try calls.addStatus(status, at: ownTime ?? now, reason: call.reason, to: callRow) else { return nil }
        let plan = CallStatusPlan(
            status: status, ownTime: ownTime, current: state.status, latest: state.latest, phone: call.phone,
            reason: call.reason)
        guard plan.isCurrent else { return .olderCallStatus(status) }
        try calls.setStatus(status, of: callRow, from: call, at: now)
        if let callBack = plan.callBack {
            // One call-back per call: a call known by its phone alone shares its key with the
            // phone's other calls, so its row tells it apart.
            let callKey = event.chatID == nil ? "\(key)#\(callRow)" : key
            try openTask(.callBack(callBack, widget: widget, callKey: callKey, at: now), lead: lead, at: now)
        }
        return nil
    }

    /// Keeps client_updated's, client_attribute_updated's and the CRM-webhook family's data on
    /// the lead; returns the note for attributes in no shape understood.
    func recordClientData(_ event: WebhookEvent, lead: MatchedLead) throws -> IngestNote? {
        let note = event.unreadAttributes.map(IngestNote.unreadAttributes)
        let plan = ClientDataPlan(event: event)
        guard !plan.extra.isEmpty, let current = try lead.unchanged ?? store.lead(lead.id),
            let merged = plan.merged(into: current.attributes)
        else { return note }
        try leads.setAttributes(Store.json(merged), lead: lead.id)
        try store.audit(actor: "webhook", lead: lead.id, action: "attributes", after: Store.json(plan.extra))
        return note
    }
}
