import CRMCore
import JivoProtocol

extension Store {
    /// The reply the lead's next chat_accepted or chat_updated gets, as ``ReplyComposer``
    /// composes it from `lead` and its stored context: what `jivocrm edit`, `show` and the
    /// console's reply preview show.
    public func nextReply(for lead: Lead) throws -> ChatReply {
        ReplyComposer(settings: settings).reply(for: lead, context: try replyContext(lead.id, created: false))
    }
}
