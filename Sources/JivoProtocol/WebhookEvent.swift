/// The kinds of webhook event jivocrm understands; anything else is kept as an unknown event.
public enum EventKind: String, Sendable, CaseIterable {
    /// An agent accepted a chat. Answered with the lead's data.
    case chatAccepted = "chat_accepted"
    /// Visitor data changed during a chat. Answered with the lead's data.
    case chatUpdated = "chat_updated"
    /// The agent linked the chat to a CRM record (`assign_to`).
    case chatAssigned = "chat_assigned"
    /// A chat closed; carries the transcript.
    case chatFinished = "chat_finished"
    /// A visitor used the offline form.
    case offlineMessage = "offline_message"
    /// A client card changed outside a chat.
    case clientUpdated = "client_updated"
    /// Client attributes changed.
    case clientAttributeUpdated = "client_attribute_updated"
    /// A call started or changed status.
    case callEvent = "call_event"
    /// CRM-webhook family: the client's responsible agent changed (`assigned_agent`).
    case assignedAgentToClient = "assigned_agent_to_client"
    /// CRM-webhook family: the client's contacts changed (`visitor`, `contacts` or `client`).
    case updatedClientContacts = "updated_client_contacts"
    /// CRM-webhook family: the client's status (category) changed (`status`).
    case assignedStatus = "assigned_status"

    /// The kind an event named `name` is: its raw value, or `offline_messages`, the spelling
    /// JivoChat's developers API gives as the offline form's event name (its example body says
    /// `offline_message`).
    public init?(named name: String) {
        if let kind = EventKind(rawValue: name) {
            self = kind
        } else if name == "offline_messages" {
            self = .offlineMessage
        } else {
            return nil
        }
    }

    /// Whether JivoChat shows our reply to the agent (contact_info, custom_data, crm_link).
    public var expectsLeadReply: Bool { self == .chatAccepted || self == .chatUpdated }

    /// Whether the kind belongs to JivoChat's CRM-webhook family, which may come keyed by
    /// `event_name` or by `event_type`.
    public var isCRMWebhook: Bool {
        self == .assignedAgentToClient || self == .updatedClientContacts || self == .assignedStatus
    }
}

/// The visitor as JivoChat describes them.
public struct Visitor: Sendable, Equatable {
    /// Name as typed, if any.
    public var name: String?
    /// Email as typed, if any.
    public var email: String?
    /// Phone as typed through the widget's mask, if any.
    public var phone: String?
    /// JivoChat's sequential visitor number, as text.
    public var number: String?
    /// The agent's or visitor's comment.
    public var description: String?
    /// How many chats the visitor had.
    public var chatsCount: Int64?

    /// A visitor with the given fields.
    public init(
        name: String? = nil, email: String? = nil, phone: String? = nil, number: String? = nil,
        description: String? = nil, chatsCount: Int64? = nil
    ) {
        self.name = name
        self.email = email
        self.phone = phone
        self.number = number
        self.description = description
        self.chatsCount = chatsCount
    }
}

/// A JivoChat agent (operator).
public struct Agent: Sendable, Equatable {
    /// The agent's id, as text.
    public var id: String?
    /// Display name.
    public var name: String?
    /// Login email; matched against CRM managers' logins.
    public var email: String?
    /// Phone, if any.
    public var phone: String?

    /// An agent with the given fields.
    public init(id: String? = nil, name: String? = nil, email: String? = nil, phone: String? = nil) {
        self.id = id
        self.name = name
        self.email = email
        self.phone = phone
    }
}

/// Where the visitor is, as JivoChat's geoip lookup says.
public struct GeoIP: Sendable, Equatable {
    /// City name.
    public var city: String?
    /// Region name.
    public var region: String?
    /// Country name.
    public var country: String?
    /// ISO country code.
    public var countryCode: String?
    /// Every key JivoChat sent, including ones not named above, as text.
    public var all: [(key: String, value: String)]

    /// Geo data with the given fields.
    public init(
        city: String? = nil, region: String? = nil, country: String? = nil,
        countryCode: String? = nil, all: [(key: String, value: String)] = []
    ) {
        self.city = city
        self.region = region
        self.country = country
        self.countryCode = countryCode
        self.all = all
    }

    /// Equal when every key and value is equal, in order.
    public static func == (lhs: GeoIP, rhs: GeoIP) -> Bool {
        lhs.city == rhs.city && lhs.region == rhs.region && lhs.country == rhs.country
            && lhs.countryCode == rhs.countryCode && lhs.all.elementsEqual(rhs.all, by: ==)
    }
}

/// The visitor's browsing session.
public struct Session: Sendable, Equatable {
    /// Geo data.
    public var geoip: GeoIP?
    /// UTM marks: from `utm_json` when present, else parsed from the pipe-separated `utm`.
    public var utm: [(key: String, value: String)]
    /// The visitor's IP address.
    public var ipAddress: String?
    /// The visitor's browser.
    public var userAgent: String?

    /// A session with the given fields.
    public init(
        geoip: GeoIP? = nil, utm: [(key: String, value: String)] = [], ipAddress: String? = nil,
        userAgent: String? = nil
    ) {
        self.geoip = geoip
        self.utm = utm
        self.ipAddress = ipAddress
        self.userAgent = userAgent
    }

    /// Equal when every field is equal, UTM in order.
    public static func == (lhs: Session, rhs: Session) -> Bool {
        lhs.geoip == rhs.geoip && lhs.utm.elementsEqual(rhs.utm, by: ==)
            && lhs.ipAddress == rhs.ipAddress && lhs.userAgent == rhs.userAgent
    }
}

/// The page the visitor was on.
public struct Page: Sendable, Equatable {
    /// The page URL.
    public var url: String?
    /// The page title.
    public var title: String?

    /// A page with the given fields.
    public init(url: String? = nil, title: String? = nil) {
        self.url = url
        self.title = title
    }
}

/// One message of a chat transcript.
public struct ChatMessage: Sendable, Equatable {
    /// Unix seconds.
    public var timestamp: Int64?
    /// `visitor`, `agent`, or whatever else JivoChat sent (kept as is).
    public var type: String
    /// The agent who wrote it, for agent messages.
    public var agentID: String?
    /// The text.
    public var text: String

    /// A message with the given fields.
    public init(timestamp: Int64?, type: String, agentID: String? = nil, text: String) {
        self.timestamp = timestamp
        self.type = type
        self.agentID = agentID
        self.text = text
    }
}

/// The `chat` object of chat_finished.
public struct ChatTranscript: Sendable, Equatable {
    /// The messages in the order sent.
    public var messages: [ChatMessage]
    /// `positive`, `negative` or nil.
    public var rate: String?
    /// Whether the visitor was blacklisted.
    public var blacklisted: Bool?
    /// The proactive invitation text, if the chat started from one.
    public var invitation: String?

    /// A transcript with the given fields.
    public init(
        messages: [ChatMessage] = [], rate: String? = nil, blacklisted: Bool? = nil,
        invitation: String? = nil
    ) {
        self.messages = messages
        self.rate = rate
        self.blacklisted = blacklisted
        self.invitation = invitation
    }
}

/// The `call` object of call_event.
public struct CallInfo: Sendable, Equatable {
    /// `callback`, `incoming` or `outgoing`.
    public var type: String?
    /// The phone as JivoChat sent it.
    public var phone: String?
    /// `start`, `end`, `agent_connected`, `client_connected`, `error`, or a newer value.
    public var status: String?
    /// Why it failed, if it did.
    public var reason: String?
    /// The recording, after the end.
    public var recordURL: String?
    /// When the status changed, Unix seconds (`call.timestamp`, else the body's `timestamp`),
    /// if the body says.
    public var timestamp: Int64?

    /// A call with the given fields.
    public init(
        type: String? = nil, phone: String? = nil, status: String? = nil, reason: String? = nil,
        recordURL: String? = nil, timestamp: Int64? = nil
    ) {
        self.type = type
        self.phone = phone
        self.status = status
        self.reason = reason
        self.recordURL = recordURL
        self.timestamp = timestamp
    }
}

/// Which family of JivoChat webhook a body belongs to.
public enum EventFamily: String, Sendable {
    /// The Webhooks API: `event_name`.
    case webhook
    /// JivoChat's separate CRM webhook family: `event_type`.
    case crm
}

/// One webhook body, decoded leniently: every field may be missing, null, or of another type
/// than documented, and none of that is an error. The raw object is kept.
public struct WebhookEvent: Sendable, Equatable {
    /// `event_name` (or `event_type` for the CRM family); empty when the body had neither.
    public var name: String
    /// The family the body belongs to.
    public var family: EventFamily
    /// The chat id, as text.
    public var chatID: String?
    /// The channel's widget id.
    public var widgetID: String?
    /// JivoChat's client id, as text.
    public var clientID: String?
    /// The token the site set with `jivo_api.setUserToken`.
    public var userToken: String?
    /// The visitor, if the event names one.
    public var visitor: Visitor?
    /// The agent (chat_accepted, chat_updated, chat_assigned, call_event).
    public var agent: Agent?
    /// Every agent of the chat (chat_finished).
    public var agents: [Agent]
    /// The client's responsible agent (client_updated).
    public var assignedAgent: Agent?
    /// The visitor's session.
    public var session: Session?
    /// The page.
    public var page: Page?
    /// The transcript (chat_finished).
    public var transcript: ChatTranscript?
    /// A preformatted plain-text transcript, when sent.
    public var plainMessages: String?
    /// The offline message's id (offline_message).
    public var offlineMessageID: String?
    /// The offline message's text (offline_message).
    public var message: String?
    /// The CRM link the agent pasted (chat_assigned).
    public var assignTo: String?
    /// The call (call_event).
    public var call: CallInfo?
    /// Client attributes (client_attribute_updated), values as text: from an object of name to
    /// value, an array of `{name|key|title, value|content}` objects, or an array of pairs.
    public var attributes: [(key: String, value: String)]
    /// What of `attributes` was in no shape above (kept only in the raw body), or nil.
    public var unreadAttributes: String?
    /// The client's status (category) title (`status.title`, or `status` as text).
    public var clientStatus: String?
    /// The whole body as received.
    public var raw: JSONObject

    /// The kind, or nil for an event jivocrm does not know. A body keyed by `event_type` has a
    /// kind only when it is one of the CRM-webhook family's.
    public var kind: EventKind? {
        guard let kind = EventKind(named: name) else { return nil }
        return family == .webhook || kind.isCRMWebhook ? kind : nil
    }

    /// An event with only a name; everything else empty.
    public init(name: String, family: EventFamily = .webhook, raw: JSONObject = JSONObject()) {
        self.name = name
        self.family = family
        self.agents = []
        self.attributes = []
        self.raw = raw
    }

    /// Equal when the raw bodies are equal (every other field derives from it).
    public static func == (lhs: WebhookEvent, rhs: WebhookEvent) -> Bool { lhs.raw == rhs.raw }
}
