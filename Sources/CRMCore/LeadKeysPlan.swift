import JivoProtocol

/// What an event's keys add to its lead, decided without touching the store: the keys to
/// remember for matching (user_token, visitor number within the widget, client id), the lead's
/// key columns to fill where empty, and its city and country where either is empty.
public struct LeadKeysPlan: Sendable, Equatable {
    /// One key of the event.
    public struct Entry: Sendable, Equatable {
        /// Which key.
        public var kind: LeadKeyKind
        /// The widget for visitor numbers, else empty.
        public var scope: String
        /// The key's value.
        public var value: String
        /// Whether to remember it for matching: neither the lookup found it stored already nor
        /// does the lead's column hold it (it was remembered, for this lead or another, when the
        /// column took it; asking again would read a random page of the keys for nothing).
        public var remember: Bool
        /// Whether to fill the lead's column for it (unless the column holds a value by then).
        public var fill: Bool
    }

    /// A city and country.
    public struct Place: Sendable, Equatable {
        /// The city.
        public var city: String?
        /// The country.
        public var country: String?
    }

    /// The event's keys, in the order user_token, visitor number, client id.
    public var entries: [Entry] = []
    /// The place to fill where the lead has none (each of city and country only if empty).
    public var place: Place?

    /// The plan for `event`'s keys (`visitor`: its visitor data) on `lead` as loaded (nil when
    /// not loaded: every column may need filling); `known` kinds were found stored already.
    public init(event: WebhookEvent, visitor: Visitor, lead: Lead?, known: Set<LeadKeyKind>) {
        entries.reserveCapacity(3)
        let widget = event.widgetID ?? ""
        add(
            .userToken, scope: "", event.userToken, column: lead?.userToken, filled: lead?.userToken != nil,
            known: known)
        add(
            .visitor, scope: widget, visitor.number, column: lead?.channel == widget ? lead?.visitorNumber : nil,
            filled: lead?.visitorNumber != nil, known: known)
        add(.client, scope: "", event.clientID, column: lead?.clientID, filled: lead?.clientID != nil, known: known)
        if let geo = event.session?.geoip, lead?.city == nil || lead?.country == nil {
            place = Place(city: geo.city, country: geo.country)
        }
    }

    /// Adds the key `kind` of `value` in `scope`; `column`: what the lead's column for it holds
    /// (for a visitor number, only when the lead's channel is `scope`).
    private mutating func add(
        _ kind: LeadKeyKind, scope: String, _ value: String?, column: String?, filled: Bool, known: Set<LeadKeyKind>
    ) {
        guard let value = LeadKeyKind.usable(value) else { return }
        entries.append(
            Entry(
                kind: kind, scope: scope, value: value, remember: !known.contains(kind) && value != column,
                fill: !filled))
    }
}
