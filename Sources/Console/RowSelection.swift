/// The highlighted row of a dialog's list that other operators may change under it (a lead's
/// emails and phones, its custom fields): kept by the row's key, so that the highlight, and
/// what the next key removes or edits, stays on the same value when rows come, go or move;
/// by its place when that row is gone.
public struct RowSelection<Key: Hashable & Sendable>: Sendable {
    private var index = 0
    private var key: Key?

    /// No row chosen yet: the first.
    public init() {}

    /// The key of the row last highlighted, whether or not it is still there.
    public var selectedKey: Key? { key }

    /// The highlighted row's index among `keys` (the rows as they are now).
    public func index(in keys: [Key]) -> Int {
        if let key, let found = keys.firstIndex(of: key) { return found }
        return max(0, min(index, keys.count - 1))
    }

    /// Highlights row `index` of `keys` (kept within them).
    public mutating func select(_ index: Int, in keys: [Key]) {
        self.index = max(0, min(index, keys.count - 1))
        key = keys.indices.contains(self.index) ? keys[self.index] : nil
    }

    /// The key of a row this console's own edit just saved: until the rows are read again, it
    /// may have left under that key (its value replaced, its title changed) by the operator's doing.
    public var ownEdit: Key?

    /// Keeps the highlight on one of `keys` (the rows read again) and returns the key of the
    /// highlighted row when another change took it away: the highlight is on the row at its
    /// place now, which the next key acts on. Nil when the row is still there, or when it left
    /// through this console's own edit (``ownEdit``, forgotten here either way).
    public mutating func reconcile(with keys: [Key]) -> Key? {
        let own = ownEdit
        ownEdit = nil
        guard let key, !keys.contains(key) else { return nil }
        select(index(in: keys), in: keys)
        return key == own ? nil : key
    }

    /// Moves the highlight by `offset` rows among `keys`.
    public mutating func move(_ offset: Int, in keys: [Key]) {
        select(index(in: keys) + offset, in: keys)
    }
}
