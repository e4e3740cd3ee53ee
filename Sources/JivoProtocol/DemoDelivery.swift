/// The situations ``DemoTraffic`` acts out, each a short sequence of webhook deliveries.
public enum DemoScenario: String, Sendable, CaseIterable {
    /// A first-time visitor chats: chat_accepted, maybe chat_updated after the contact form,
    /// then chat_finished with the transcript.
    case newConversation = "new conversation"
    /// A known visitor chats again with the same email, its letter case changed.
    case returningByEmail = "returning visitor, same email"
    /// A known visitor chats again with the same phone typed in another format.
    case returningByPhone = "returning visitor, same phone"
    /// A known visitor chats again without contacts; only JivoChat's visitor number matches.
    case returningByVisitorNumber = "returning visitor, same visitor number"
    /// A known visitor's email arrives with a phone that differs from the one on record.
    case phoneConflict = "phone conflicts with the one on record"
    /// A visitor leaves an offline message.
    case offlineMessage = "offline message"
    /// A callback call: start, agent_connected, client_connected, end with a recording.
    case call = "call"
    /// A call that ends in an error with a reason.
    case failedCall = "failed call"
    /// A client card changes outside a chat.
    case clientUpdate = "client update"
}

/// One webhook delivery of demo traffic: what to POST and a line to log about it.
public struct DemoDelivery: Sendable, Equatable {
    /// The scenario the delivery belongs to.
    public let scenario: DemoScenario
    /// One line for the console: event name, chat (or other) id, scenario. No personal data.
    public let summary: String
    /// The webhook body.
    public let body: JSONValue

    /// A delivery with the given parts.
    public init(scenario: DemoScenario, summary: String, body: JSONValue) {
        self.scenario = scenario
        self.summary = summary
        self.body = body
    }

    /// The body as compact JSON bytes, ready to POST.
    public var bodyBytes: [UInt8] { body.serializedBytes() }
}
