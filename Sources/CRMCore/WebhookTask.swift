import JivoProtocol

/// A task a webhook opens for the lead's manager, once per source key: an offline message to
/// answer, or a call to return.
public struct WebhookTask: Sendable, Equatable {
    /// `offline_message` or `call_back`.
    public var kind: String
    /// What to do.
    public var text: String
    /// The source key that opens it once.
    public var key: String
    /// When it is due, Unix milliseconds.
    public var due: Int64

    /// The task for offline message `event` (kept as event `eventID`), received at `now` and due
    /// `dueSeconds` later; one per widget and offline message id (else per event).
    public static func offlineMessage(_ event: WebhookEvent, eventID: Int64, at now: Int64, dueSeconds: Int64)
        -> WebhookTask
    {
        WebhookTask(
            kind: "offline_message", text: event.message ?? "",
            key: "offline:\(event.widgetID ?? ""):\(event.offlineMessageID ?? "event-\(eventID)")",
            due: now + dueSeconds * 1000)
    }

    /// The call-back task `text` for call `callKey` on `widget`, due at once (`now`).
    public static func callBack(_ text: String, widget: String, callKey: String, at now: Int64) -> WebhookTask {
        WebhookTask(kind: "call_back", text: text, key: "callback:\(widget):\(callKey)", due: now)
    }
}
