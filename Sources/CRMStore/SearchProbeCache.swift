/// The hits of the last PostgreSQL search probe, kept while the database writes nothing: the
/// console reads a search's first page and then its count, and each asked the probe again (for
/// a broad search, 20,000 rows read twice). The probe's answer is reused only for the same
/// patterns and threshold while the server's write-ahead log has not moved, so it is exactly
/// what probing again would give: every change to the data writes to that log first.
final class SearchProbeCache {
    /// What was probed and where the log stood, with what the probe found.
    private var last: (key: [SQLValue], position: String, hits: (leads: [Int64], messages: [Int64]))?

    /// The hits `probe` finds for `key` (the patterns and threshold) with the log at `position`:
    /// the last probe's when both are the same, else a new probe's.
    func hits(
        for key: [SQLValue], at position: String, probe: () throws -> (leads: [Int64], messages: [Int64])
    ) rethrows -> (leads: [Int64], messages: [Int64]) {
        if let last, last.key == key, last.position == position { return last.hits }
        let hits = try probe()
        last = (key, position, hits)
        return hits
    }
}
