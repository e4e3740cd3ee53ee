/// What an event did not apply, or that it had no effect, kept as the event's note.
public enum IngestNote: Sendable, Equatable {
    /// The event changes nothing in the CRM.
    case noEffect
    /// A CRM-webhook event without contacts for a client no lead matches.
    case noMatchingClient
    /// The responsible agent differs from the lead's manager, which a webhook never changes.
    case agentNotApplied(email: String, manager: String)
    /// chat_assigned's link is not http(s).
    case linkNotHTTP
    /// A call status older than the call's latest.
    case olderCallStatus(String)
    /// Attributes in no shape understood, as the decoder described them.
    case unreadAttributes(String)
    /// The visitor's email or phone is none, so the lead did not get it.
    case contactNotSaved(UnsavedContact)
    /// chat_finished carried a transcript but no chat_id: kept on a chat of this name.
    case transcriptWithoutChatID(String)

    /// The note as stored.
    public var text: String {
        switch self {
        case .noEffect: "ignored: no CRM effect"
        case .noMatchingClient: "ignored: no lead matches this client (no CRM effect)"
        case .agentNotApplied(let email, let manager):
            "responsible agent \(email) not applied: the lead's manager is \(manager), and a webhook "
                + "never changes a manager once set"
        case .linkNotHTTP: "assign_to is not an http(s) URL: kept on the lead, never sent in a reply"
        case .olderCallStatus(let status):
            "call status \(status) is older than the call's latest; kept in its history only"
        case .unreadAttributes(let text): text
        case .contactNotSaved(let contact):
            "the visitor's \(contact.field.rawValue) \"\(Self.shortened(contact.value))\" is \(contact.reason): "
                + "not saved on the lead"
        case .transcriptWithoutChatID(let name):
            "no chat_id: the transcript is kept on the lead as chat \(name)"
        }
    }

    /// The note for a responsible agent `email` on a lead whose manager is `manager`: none
    /// when there is no manager yet or it is that agent (logins compare case-insensitively).
    public static func responsibleAgent(_ email: String?, manager: Manager?) -> IngestNote? {
        guard let email, let manager, manager.login.lowercased() != email.lowercased() else { return nil }
        return .agentNotApplied(email: email, manager: manager.login)
    }

    /// `value` cut to 80 characters, with "…" when it was longer (the whole is in the event's body).
    private static func shortened(_ value: String) -> String {
        value.count > 80 ? value.prefix(79) + "…" : value
    }

    /// The notes as an event's note column holds them (nil for none).
    public static func joined(_ notes: [IngestNote]) -> String? {
        notes.isEmpty ? nil : notes.map(\.text).joined(separator: "; ")
    }
}
