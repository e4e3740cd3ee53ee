import JivoProtocol

/// One email or phone of a lead: as typed, and the form used for matching.
public struct ContactValue: Sendable, Equatable, Hashable {
    /// The value as it was typed or edited.
    public var value: String
    /// The matching form (lowercased email, `+digits` phone).
    public var normalized: String

    /// A contact value.
    public init(value: String, normalized: String) {
        self.value = value
        self.normalized = normalized
    }
}

/// An operator's custom_data field on a lead.
public struct LeadField: Sendable, Equatable {
    /// The title shown above the field.
    public var title: String
    /// The content.
    public var content: String
    /// An optional link.
    public var link: String?
    /// An optional key (bold text before a colon).
    public var key: String?

    /// A field.
    public init(title: String, content: String, link: String? = nil, key: String? = nil) {
        self.title = title
        self.content = content
        self.link = link
        self.key = key
    }
}

/// A CRM manager: a person leads are assigned to.
public struct Manager: Sendable, Equatable {
    /// Row id.
    public var id: Int64
    /// Login; matched against JivoChat agents' emails.
    public var login: String
    /// Display name.
    public var name: String
    /// Whether this is the fallback manager for new leads.
    public var isDefault: Bool
    /// Whether the manager still takes leads.
    public var isActive: Bool

    /// A manager.
    public init(id: Int64, login: String, name: String, isDefault: Bool, isActive: Bool) {
        self.id = id
        self.login = login
        self.name = name
        self.isDefault = isDefault
        self.isActive = isActive
    }
}

/// A lead as the CRM holds it (without its chats, tasks and history).
public struct Lead: Sendable, Equatable {
    /// Row id; also the lead's number.
    public var id: Int64
    /// `JivoChat #18 - Tom Clifton`.
    public var title: String
    /// Triage status.
    public var status: LeadStatus
    /// Contact name.
    public var name: String
    /// Comment about the person.
    public var description: String
    /// All emails, primary first.
    public var emails: [ContactValue]
    /// All phones, primary first.
    public var phones: [ContactValue]
    /// The operator's own link to the lead's card, if set.
    public var crmLink: String?
    /// Operator custom_data fields, in order.
    public var fields: [LeadField]
    /// The responsible manager.
    public var manager: Manager?
    /// Where the lead came from (`JivoChat`).
    public var source: String
    /// The JivoChat channel (widget id).
    public var channel: String?
    /// The first page the visitor chatted from.
    public var firstPageURL: String?
    /// Its title.
    public var firstPageTitle: String?
    /// UTM marks of the first session.
    public var utm: [(key: String, value: String)]
    /// City from geoip.
    public var city: String?
    /// Country from geoip.
    public var country: String?
    /// The site's user token, if one was seen.
    public var userToken: String?
    /// JivoChat's visitor number.
    public var visitorNumber: String?
    /// JivoChat's client id.
    public var clientID: String?
    /// Client attributes (client_attribute_updated).
    public var attributes: [(key: String, value: String)]
    /// Bumped on every change; an operator's save names the version it edited.
    public var version: Int64
    /// Creation time, Unix milliseconds.
    public var createdAt: Int64
    /// Last change, Unix milliseconds.
    public var updatedAt: Int64
    /// Last chat, call, message or task activity, Unix milliseconds.
    public var lastActivityAt: Int64

    /// A lead with defaults for everything but its id and times.
    public init(id: Int64, title: String = "", createdAt: Int64 = 0) {
        self.id = id
        self.title = title
        self.status = .unsorted
        self.name = ""
        self.description = ""
        self.emails = []
        self.phones = []
        self.fields = []
        self.source = "JivoChat"
        self.utm = []
        self.attributes = []
        self.version = 1
        self.createdAt = createdAt
        self.updatedAt = createdAt
        self.lastActivityAt = createdAt
    }

    /// The primary email, or empty.
    public var primaryEmail: String { emails.first?.value ?? "" }
    /// The primary phone, or empty.
    public var primaryPhone: String { phones.first?.value ?? "" }

    /// Equal when every field is equal.
    public static func == (lhs: Lead, rhs: Lead) -> Bool {
        lhs.id == rhs.id && lhs.title == rhs.title && lhs.status == rhs.status
            && lhs.name == rhs.name && lhs.description == rhs.description
            && lhs.emails == rhs.emails && lhs.phones == rhs.phones && lhs.crmLink == rhs.crmLink
            && lhs.fields == rhs.fields && lhs.manager == rhs.manager && lhs.source == rhs.source
            && lhs.channel == rhs.channel && lhs.firstPageURL == rhs.firstPageURL
            && lhs.firstPageTitle == rhs.firstPageTitle && lhs.utm.elementsEqual(rhs.utm, by: ==)
            && lhs.city == rhs.city && lhs.country == rhs.country && lhs.userToken == rhs.userToken
            && lhs.visitorNumber == rhs.visitorNumber && lhs.clientID == rhs.clientID
            && lhs.attributes.elementsEqual(rhs.attributes, by: ==) && lhs.version == rhs.version
            && lhs.createdAt == rhs.createdAt && lhs.updatedAt == rhs.updatedAt
            && lhs.lastActivityAt == rhs.lastActivityAt
    }

    /// The title of a lead created from a chat: `JivoChat #18 - Tom Clifton`.
    public static func title(chatID: String?, name: String?, fallback: String) -> String {
        let who = name.flatMap { $0.isEmpty ? nil : $0 } ?? fallback
        if let chatID { return "JivoChat #\(chatID) - \(who)" }
        return "JivoChat - \(who)"
    }
}
