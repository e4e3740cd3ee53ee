extension Store {
    /// Rebuilds the CRM into a new store at `path` from the raw event inbox, with today's
    /// rules (``ReplayEvents``): every event (applied, duplicate, failed and quarantined alike)
    /// is ingested again in id order, and operator edits are carried over from the audit trail
    /// (edits, custom fields, statuses, assignments, conflict resolutions, merges and their
    /// undoing, notes and done tasks), each at its place in time, on the lead that the same
    /// event created. Managers and settings (the webhook token) are copied first. Refuses a
    /// `path` that exists and is not empty. A replay that fails leaves `path` as it found it,
    /// so it can be run again. A `postgresql://` URL in `path` replays into that database,
    /// which must hold no settings, managers, leads or events; a failed replay there leaves
    /// only the empty schema.
    public func replay(into path: String) throws -> ReplayReport { try ReplayEvents(store: self).run(into: path) }
}
