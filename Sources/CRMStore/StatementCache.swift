/// The statements a connection keeps prepared, by their text, up to a bound: when a new one
/// would exceed it, the one used least recently leaves, for its owner to release on the server
/// (``PostgresEngine`` runs `DEALLOCATE`). A lookup costs one hash of the text; an eviction scans
/// the entries once, which happens only while new texts keep coming.
struct StatementCache<Value> {
    /// The most entries kept.
    let capacity: Int
    private var entries: [String: (value: Value, lastUse: UInt64)] = [:]
    private var clock: UInt64 = 0

    /// An empty cache of at most `capacity` entries (at least one).
    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// How many entries are kept.
    var count: Int { entries.count }

    /// The value kept for `text`, which becomes the most recently used; nil if none is.
    mutating func value(for text: String) -> Value? {
        guard let index = entries.index(forKey: text) else { return nil }
        clock += 1
        entries.values[index].lastUse = clock
        return entries.values[index].value
    }

    /// Keeps `value` for `text` as the most recently used; returns the value that left: the one
    /// kept for `text` before, or else, when the cache was full, the least recently used.
    mutating func insert(_ value: Value, for text: String) -> Value? {
        clock += 1
        if let replaced = entries.updateValue((value, clock), forKey: text) { return replaced.value }
        guard entries.count > capacity,
            let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse })
        else { return nil }
        return entries.removeValue(forKey: oldest.key)?.value
    }

    /// Forgets every entry (their statements are gone with the connection).
    mutating func removeAll() {
        entries.removeAll()
    }
}
