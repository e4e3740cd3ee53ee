extension Store {
    /// Removes a person (right to be forgotten, ``ErasePerson``): lead `id` and every lead
    /// merged into it, with their contacts, keys, fields, chats and messages, calls, tasks,
    /// conflicts, notes and search rows; the raw events that carry their data (those of their
    /// leads and chats, and any whose body holds one of their emails or phones, or their name
    /// as a JSON string); their values in audit entries and in other rows' text. An audit entry
    /// records that an erasure happened and when, not whose. Then the store is vacuumed and its
    /// write-ahead log emptied, so the data is not left in free pages. With `dryRun`, reports
    /// and changes nothing. Erasing a lead already erased only compacts the store again.
    public func erase(_ id: Int64, actor: String, dryRun: Bool = false) throws -> EraseReport {
        try ErasePerson(store: self).run(id, actor: actor, dryRun: dryRun)
    }
}
