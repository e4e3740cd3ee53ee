import JivoProtocol

/// A kind of key remembered on a lead so that a returning visitor finds it.
public enum LeadKeyKind: String, Sendable, CaseIterable {
    /// The user_token the site set.
    case userToken = "user_token"
    /// JivoChat's visitor number, within one channel (widget).
    case visitor
    /// JivoChat's client id.
    case client

    /// The longest value remembered or looked up, in UTF-8 bytes: a visitor's browser sets the
    /// user_token, and a value past this is no key (PostgreSQL indexes no entry over about 2.7
    /// KB, so remembering one would fail the whole event there).
    public static let longestValue = 1_000

    /// `value` when it can be a key (at most ``longestValue`` bytes), else nil.
    public static func usable(_ value: String?) -> String? {
        value.flatMap { $0.utf8.count <= longestValue ? $0 : nil }
    }
}

/// A key that can find a stored lead.
public enum LeadKey: Hashable, Sendable {
    /// The lead of the chat with this id on this channel (widget).
    case chat(widget: String, chatID: String)
    /// The lead holding this email (in matching form).
    case email(String)
    /// The lead holding this phone (in matching form).
    case phone(String)
    /// The lead that remembers this key; `scope` is the widget for visitor numbers, else empty.
    case remembered(LeadKeyKind, scope: String, value: String)
    /// A lead of this channel (widget) that remembers this value as its client id.
    case clientOnChannel(String, value: String)
}

/// The contacts a signed user_token vouches for.
public struct SignedContacts: Sendable, Equatable {
    /// The email the site vouches for.
    public var email: String?
    /// The phone the site vouches for.
    public var phone: String?

    /// The contacts of a token's claims.
    public init(email: String?, phone: String?) {
        self.email = email
        self.phone = phone
    }
}

/// The order in which an event's visitor is looked for among the stored leads, decided without
/// touching the store.
///
/// The chat first, then a signed user_token's email or phone, the email and the phone; only
/// when none of them found a lead, a plain user_token (for a visitor who gave no email or
/// phone: anyone's browser can send any string, so it never outranks what the visitor says
/// they are), the visitor number and the client id, and last each as the other within the
/// event's widget (JivoChat's client id of a widget is that widget's visitor number). The
/// email and phone are looked up always: a lead found otherwise that does not hold them is a
/// possible duplicate.
public struct LeadMatching: Sendable {
    /// The visitor's data: the call's phone stands in when the visitor gave none, and a signed
    /// user_token's contacts fill those the widget did not send.
    public let visitor: Visitor
    private let widget: String
    private let chatID: String?
    private let userToken: String?
    private let clientID: String?
    private let signed: SignedContacts?
    private let email: String?
    private let phone: String?
    private let signedEmail: String?
    private let signedPhone: String?
    private let unsaved: [UnsavedContact]

    /// The matching for `event`, whose user_token (when signed and valid) vouches for `signed`.
    public init(event: WebhookEvent, signed: SignedContacts?, normalizer: ContactNormalizer) {
        var visitor = Self.visitor(of: event)
        if let signed {
            visitor.email = visitor.email ?? signed.email
            visitor.phone = visitor.phone ?? signed.phone
        }
        self.visitor = visitor
        widget = event.widgetID ?? ""
        chatID = event.chatID
        userToken = LeadKeyKind.usable(event.userToken)
        clientID = LeadKeyKind.usable(event.clientID)
        self.signed = signed
        email = visitor.email.flatMap(normalizer.email)
        phone = visitor.phone.flatMap(normalizer.phone)
        signedEmail = signed?.email.flatMap(normalizer.email)
        signedPhone = signed?.phone.flatMap(normalizer.phone)
        // Built only when a value was given and had no matching form: nearly every event's is
        // empty, and an empty array costs nothing.
        unsaved =
            (email == nil && visitor.email != nil) || (phone == nil && visitor.phone != nil)
            ? [
                UnsavedContact(.email, raw: visitor.email, normalized: email),
                UnsavedContact(.phone, raw: visitor.phone, normalized: phone),
            ].compactMap { $0 } : []
    }

    /// The event's visitor data, the call's phone standing in when the visitor gave none; a
    /// name past ``ContactLimits/name`` cut there (the event's body keeps it whole), a visitor
    /// number past ``LeadKeyKind/longestValue`` left out.
    public static func visitor(of event: WebhookEvent) -> Visitor {
        var visitor = event.visitor ?? Visitor()
        if visitor.phone == nil { visitor.phone = event.call?.phone }
        visitor.name = visitor.name.map(ContactLimits.visitorName)
        visitor.number = LeadKeyKind.usable(visitor.number)
        return visitor
    }

    /// Looks the visitor up with `find` (the lead a key points at, if any), in the matching
    /// order and no further than it needs.
    public func resolve(_ find: (LeadKey) throws -> Int64?) rethrows -> LeadMatch {
        func lookUp(_ key: LeadKey?) throws -> Int64? { try key.flatMap(find) }
        let bySigned =
            signed == nil ? nil : try lookUp(signedEmail.map(LeadKey.email)) ?? lookUp(signedPhone.map(LeadKey.phone))
        let byChat = try lookUp(chatID.map { .chat(widget: widget, chatID: $0) })
        let byEmail = try lookUp(email.map(LeadKey.email))
        let byPhone = try lookUp(phone.map(LeadKey.phone))
        var match = LeadMatch(
            visitor: visitor, byEmail: byEmail, byPhone: byPhone, found: byChat ?? bySigned ?? byEmail ?? byPhone)
        match.unsaved = unsaved
        if let signed { match.signedBy = signed.email != nil ? .email : .phone }
        if match.found == nil, email == nil, phone == nil,
            let byToken = try lookUp(userToken.map { .remembered(.userToken, scope: "", value: $0) })
        {
            match.found = byToken
            match.knownKeys.insert(.userToken)
        }
        if match.found == nil,
            let byVisitor = try lookUp(visitor.number.map { .remembered(.visitor, scope: widget, value: $0) })
        {
            match.found = byVisitor
            match.knownKeys.insert(.visitor)
        }
        if match.found == nil, let byClient = try lookUp(clientID.map { .remembered(.client, scope: "", value: $0) }) {
            match.found = byClient
            match.knownKeys.insert(.client)
        }
        guard match.found == nil, !widget.isEmpty else { return match }
        match.found = try lookUp(clientID.map { .remembered(.visitor, scope: widget, value: $0) })
        if match.found == nil {
            match.found = try lookUp(visitor.number.map { .clientOnChannel(widget, value: $0) })
        }
        return match
    }
}

/// Where an event's visitor data pointed: the lead it belongs to, or none (a lead is to be
/// created), and the leads holding its email and phone.
public struct LeadMatch: Sendable, Equatable {
    /// The visitor's data (see ``LeadMatching/visitor``).
    public var visitor: Visitor
    /// The lead holding the visitor's email, if any.
    public var byEmail: Int64?
    /// The lead holding the visitor's phone, if any.
    public var byPhone: Int64?
    /// The lead the event belongs to, by the matching order; nil for a new visitor.
    public var found: Int64?
    /// The key kinds the lookup found stored already (they need not be stored again).
    public var knownKeys: Set<LeadKeyKind> = []
    /// Which contact a valid signed user_token vouched for (its email, else its phone).
    public var signedBy: ContactField?
    /// The visitor's email and phone that are none, so neither matched nor saved.
    public var unsaved: [UnsavedContact] = []

    /// A match.
    public init(
        visitor: Visitor, byEmail: Int64? = nil, byPhone: Int64? = nil, found: Int64? = nil,
        knownKeys: Set<LeadKeyKind> = [], signedBy: ContactField? = nil
    ) {
        self.visitor = visitor
        self.byEmail = byEmail
        self.byPhone = byPhone
        self.found = found
        self.knownKeys = knownKeys
        self.signedBy = signedBy
    }

    /// The duplicate-lead conflicts for the event's lead `lead` (found or just created).
    public func duplicates(of lead: Int64) -> DuplicateLeads {
        DuplicateLeads(lead: lead, byEmail: byEmail, byPhone: byPhone)
    }
}

/// Two leads that look like the same person: the visitor's email or phone is held by a lead other
/// than the one the event belongs to. Each such field becomes a `duplicate` conflict on the
/// event's lead (pointing at the other lead) and is left out of the event's contact plan.
public struct DuplicateLeads: Sendable, Equatable {
    /// One duplicate-lead conflict.
    public struct Conflict: Sendable, Equatable {
        /// The lead that holds the visitor's email or phone.
        public var otherLead: Int64
        /// The conflict: field `duplicate`, `#lead` against `#other`, keyed `lead:<other>`.
        public var dispute: ContactPlan.Dispute
    }

    /// The conflicts, email's first.
    public var conflicts: [Conflict] = []
    /// The fields that matched another lead (left out of the contact plan).
    public var excluded: Set<ContactField> = []

    /// The duplicates of lead `lead` given the leads holding the visitor's email and phone.
    public init(lead: Int64, byEmail: Int64?, byPhone: Int64?) {
        for (field, other) in [(ContactField.email, byEmail), (.phone, byPhone)] {
            guard let other, other != lead else { continue }
            excluded.insert(field)
            conflicts.append(
                Conflict(
                    otherLead: other,
                    dispute: ContactPlan.Dispute(
                        field: .duplicate, current: "#\(lead)", incoming: "#\(other)", normalized: "lead:\(other)")))
        }
    }
}
