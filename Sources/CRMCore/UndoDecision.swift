/// Whether an operator's operation can be undone given what changed since, and what undoing
/// it restores, decided without touching the store.
///
/// An operation records each part of the lead it changed (a column, a list, a task, note or
/// conflict row) as it was before and after. It can be undone by the operator who did it,
/// once, and only while every such part is still what the operation left: undoing would
/// otherwise overwrite a later change.
public struct UndoDecision: Sendable, Equatable {
    /// One part of a lead as an operation recorded it, by its stored name.
    public struct Part: Sendable, Equatable {
        /// The part's stored name ("lead.status", "phones", "task:12").
        public var key: String
        /// Its encoded value before the operation (nil: the row did not exist).
        public var before: String?
        /// Its encoded value after the operation.
        public var after: String?

        /// A recorded part.
        public init(key: String, before: String?, after: String?) {
            self.key = key
            self.before = before
            self.after = after
        }
    }

    /// A part that changed since the operation: its name, the value the operation left and its
    /// value now.
    public struct Change: Sendable, Equatable {
        /// The part's stored name.
        public var key: String
        /// Its encoded value as the operation left it.
        public var left: String?
        /// Its encoded value now (nil: the row is gone).
        public var current: String?
    }

    /// The parts to put back, each to its `before`.
    public var restore: [Part] = []
    /// Parts this version does not know how to restore.
    public var unknown: [String] = []
    /// Parts that changed since the operation.
    public var changedSince: [Change] = []

    /// Whether the operation can be undone.
    public var canUndo: Bool { unknown.isEmpty && changedSince.isEmpty }

    /// The decision for the `recorded` parts against the lead's `current` parts, where `knows`
    /// says whether a part's name is one this version can restore.
    public init(recorded: [Part], current: [String: String], knows: (String) -> Bool) {
        for part in recorded {
            guard knows(part.key) else {
                unknown.append(part.key)
                continue
            }
            if current[part.key] != part.after {
                changedSince.append(Change(key: part.key, left: part.after, current: current[part.key]))
            } else {
                restore.append(part)
            }
        }
    }

    /// Why operation `operation` of `owner` cannot be undone by `actor`, or nil when it may be
    /// tried: only its owner may, and only once.
    public static func refusal(operation: Int64, owner: String, actor: String, undoneAt: Int64?) -> CRMError? {
        guard owner == actor else {
            return CRMError.conflict("operation #\(operation) was \(owner)'s; only \(owner) can undo it")
        }
        if let undoneAt {
            return CRMError.conflict(
                "operation #\(operation) was already undone at \(Timestamp.iso8601(milliseconds: undoneAt))")
        }
        return nil
    }

    /// The names of the parts that differ between `before` and `after` (an operation's
    /// snapshots of its lead), in name order: what the operation records.
    public static func changedParts(before: [String: String], after: [String: String]) -> [String] {
        Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }.sorted()
    }
}
