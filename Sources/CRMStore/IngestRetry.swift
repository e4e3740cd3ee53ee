/// An event's effects failed for a lasting reason while the events of a transaction were applied
/// without a savepoint each (``Store/ingest(_:isolated:)`` with `isolated` false), so the event
/// cannot fail alone: roll the transaction back and ingest its bodies again isolated, where this
/// one is kept as failed and the others are applied.
public struct IngestRetry: Error, Sendable, CustomStringConvertible {
    /// What failed.
    public let failure: String

    /// The retry asked for by an event whose effects failed with `failure`.
    public init(failure: String) {
        self.failure = failure
    }

    /// What failed, and what to do.
    public var description: String {
        "applying an event failed (\(failure)); roll the transaction back and ingest its events again, isolated"
    }
}
