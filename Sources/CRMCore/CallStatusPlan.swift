/// What a call status change does to its call, decided without touching the store.
///
/// A status older than the call's latest is kept in its history only: by their own times when
/// the body gives one and the call has one, else by the call's course (start, then connected,
/// then end or error; anything after a finished call is older). A current `error` opens a
/// call-back task.
public struct CallStatusPlan: Sendable, Equatable {
    /// Whether the status becomes the call's (false: history only).
    public var isCurrent: Bool
    /// The call-back task's text, when the status is a current `error`.
    public var callBack: String?

    /// The plan for `status` (at its own time `ownTime`, if the body gave one) on a call whose
    /// status is `current` and whose latest recorded status is from `latest`; `phone` and
    /// `reason` from the event.
    public init(status: String, ownTime: Int64?, current: String?, latest: Int64?, phone: String?, reason: String?) {
        let older: Bool
        if let ownTime, let latest {
            older = ownTime < latest
        } else {
            older = current.map { Self.step(of: $0) == 2 || Self.step(of: status) < Self.step(of: $0) } ?? false
        }
        isCurrent = !older
        callBack =
            isCurrent && status == "error"
            ? "Call back \(phone ?? "the visitor")\(reason.map { " (\($0))" } ?? "")" : nil
    }

    /// The key that tells one call from another on a widget: its chat, else the phone (in
    /// matching form when it has one).
    public static func callKey(chatID: String?, phone: String?, normalizer: ContactNormalizer) -> String {
        chatID.map { "chat:\($0)" } ?? "phone:\(phone.flatMap(normalizer.phone) ?? phone ?? "")"
    }

    /// Whether `status` begins a new call rather than joining the one its key holds now, whose
    /// status is `current`: a call known by its phone alone (no chat id: every call to that
    /// number has the same key) that ended or failed is over, and a `start` is the next call.
    public static func beginsNewCall(status: String, chatID: String?, current: String?) -> Bool {
        chatID == nil && status == "start" && current.map { step(of: $0) == 2 } == true
    }

    /// A status's place in a call's course: start 0, connected (and anything else) 1, end or
    /// error 2.
    private static func step(of status: String) -> Int {
        switch status {
        case "start": 0
        case "end", "error": 2
        default: 1
        }
    }
}
