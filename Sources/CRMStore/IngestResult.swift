import CRMCore
import JivoProtocol

/// What became of one delivered webhook body.
public struct IngestResult: Sendable, Equatable {
    /// The raw event's row id.
    public var eventID: Int64
    /// `applied`, `duplicate`, `quarantined` or `failed`.
    public var status: String
    /// The event's name (empty if the body had none or was not JSON).
    public var eventName: String
    /// The lead it touched.
    public var leadID: Int64?
    /// Whether it created that lead.
    public var created: Bool
    /// The HTTP status to answer with.
    public var httpStatus: Int
    /// What to answer with.
    var answer: IngestAnswer
    /// The JSON to answer with, composed when asked (a listener asks off its writer thread).
    public var reply: JSONValue { answer.json }

    init(
        eventID: Int64, status: String, eventName: String, leadID: Int64?, created: Bool,
        httpStatus: Int, reply answer: IngestAnswer
    ) {
        self.eventID = eventID
        self.status = status
        self.eventName = eventName
        self.leadID = leadID
        self.created = created
        self.httpStatus = httpStatus
        self.answer = answer
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
}
