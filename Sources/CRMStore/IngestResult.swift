import CRMCore
import JivoProtocol

/// What became of one delivered webhook body.
public struct IngestResult: Sendable, Equatable {
    /// What the store did with a body; a front end decides how to answer it.
    public enum Outcome: Sendable, Equatable {
        /// Kept and applied to the CRM.
        case applied
        /// Kept as a redelivery of an event applied before, and answered as that one.
        case duplicate
        /// Kept as quarantined: the body is not an event, for this reason.
        case rejected(Rejection)
        /// Kept, but applying it failed for a lasting reason; its effects were undone.
        case failed
    }

    /// Why a body is not an event.
    public enum Rejection: Sendable, Equatable {
        /// It is not a JSON object (or not JSON at all).
        case unreadable
        /// It came compressed, which the webhook does not decode.
        case compressed
    }

    /// The raw event's row id.
    public var eventID: Int64
    /// What the store did with the body.
    public var outcome: Outcome
    /// The event's name (empty if the body had none or was not JSON).
    public var eventName: String
    /// The lead it touched.
    public var leadID: Int64?
    /// Whether it created that lead.
    public var created: Bool
    /// For a failed event, why applying it failed, in full, as its row in the events table keeps
    /// it: for the operator's log, never for the reply, which goes back to the caller.
    public var failure: String?
    /// What to answer with.
    var answer: IngestAnswer
    /// The JSON to answer with, composed when asked (a listener asks off its writer thread).
    public var reply: JSONValue { answer.json }
    /// The bytes of ``reply``'s `serializedBytes()`, a lead's reply written without building
    /// the JSON value first.
    public var replyBytes: [UInt8] { answer.serializedBytes }

    /// The event's status as the inbox keeps it: `applied`, `duplicate`, `quarantined` or
    /// `failed`.
    public var status: String {
        switch outcome {
        case .applied: "applied"
        case .duplicate: "duplicate"
        case .rejected: "quarantined"
        case .failed: "failed"
        }
    }

    init(
        eventID: Int64, outcome: Outcome, eventName: String, leadID: Int64?, created: Bool,
        reply answer: IngestAnswer, failure: String? = nil
    ) {
        self.eventID = eventID
        self.outcome = outcome
        self.eventName = eventName
        self.leadID = leadID
        self.created = created
        self.answer = answer
        self.failure = failure
    }

    /// The reply to event `id`, whose effects failed: that applying failed and where the event
    /// is kept, for an operator to look at. Never the error itself, which names the store's
    /// address and SQL and would go back to the caller (JivoChat, over the internet).
    static func failedReply(eventID id: Int64) -> JSONValue {
        ChatReply.error("applying the event failed; it is kept as event #\(id) (`jivocrm events \(id)`)")
    }
}

/// An ingest's answer: fixed JSON, or the lead's data for the agent, composed on demand.
enum IngestAnswer: Sendable, Equatable {
    /// This JSON.
    case fixed(JSONValue)
    /// ``ReplyComposer``'s reply for the lead as it was committed.
    case lead(Lead, ReplyComposer.Context, CRMSettings)

    /// The JSON.
    var json: JSONValue {
        switch self {
        case .fixed(let json): json
        case .lead(let lead, let context, let settings):
            ReplyComposer(settings: settings).reply(for: lead, context: context).json
        }
    }

    /// The JSON's compact bytes.
    var serializedBytes: [UInt8] {
        switch self {
        case .fixed(let json): json.serializedBytes()
        case .lead(let lead, let context, let settings):
            ReplyComposer(settings: settings).reply(for: lead, context: context).serializedBytes()
        }
    }
}
