import CRMCore
import JivoProtocol

/// Ingest, as the store offers it: each delivered body kept and its event applied (``Ingest``).
extension Store {
    /// Keeps the raw body and applies the event to the CRM, inside the caller's write
    /// transaction. Bodies that are not a JSON object are kept as quarantined (rejected); an event
    /// whose effects fail for a lasting reason is kept as failed and its effects undone;
    /// transient store errors (busy, disk full) are thrown so that nothing is acknowledged.
    /// `isolated`: as in ``ingest(_:isolated:)``.
    public func ingest(body: [UInt8], receivedAt: Int64, isolated: Bool = true) throws -> IngestResult {
        try ingest(IncomingEvent(body: body, receivedAt: receivedAt), isolated: isolated)
    }

    /// ``ingest(body:receivedAt:isolated:)`` for a body already decoded, hashed and stamped with its
    /// receive time by the transport (on another thread). A compressed body is kept as
    /// quarantined (rejected as compressed).
    ///
    /// `isolated` false applies the event's effects without a savepoint of their own (which
    /// costs SQLite a copy of every page the event changes that the transaction had changed
    /// before): a lasting failure then throws ``IngestRetry`` instead of failing the event
    /// alone, and the caller rolls its transaction back and ingests the same bodies again,
    /// isolated, with the same outcome as if they had been isolated from the start.
    public func ingest(_ incoming: IncomingEvent, isolated: Bool = true) throws -> IngestResult {
        try Ingest(store: self).run(incoming, isolated: isolated)
    }

    /// Whether `incoming` is kept already: this delivery (the same body, received at the same
    /// millisecond), not a redelivery. A spool that applied bodies and was stopped before it was
    /// emptied meets them again.
    public func keeps(_ incoming: IncomingEvent) throws -> Bool {
        try EventInbox(database: database).keeps(hash: incoming.hash, receivedAt: incoming.receivedAt)
    }

    /// The facts about lead `id` that its reply states beyond the lead itself.
    public func replyContext(_ id: Int64, created: Bool) throws -> ReplyComposer.Context {
        let (openTasks, lastChatAt) = try LeadRepository(database: database).replyFacts(id)
        return ReplyComposer.Context(
            openTasks: openTasks, lastChatAt: lastChatAt, created: created,
            pageLink: settings.templateLink(for: id) == nil ? try leadPageURL(id) : nil)
    }
}
