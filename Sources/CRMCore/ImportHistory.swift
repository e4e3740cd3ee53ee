import JivoProtocol

/// What a JSON export carries about a person that an import does not bring: the lead's
/// history. An import brings people (leads with their contacts, fields and keys); a whole
/// store with its history is copied by backup and restore, or migrate.
public struct ImportHistory: Sendable, Equatable {
    /// Chats.
    public var chats = 0
    /// Messages of those chats.
    public var messages = 0
    /// Calls.
    public var calls = 0
    /// Tasks.
    public var tasks = 0
    /// Conflicts, open or settled.
    public var conflicts = 0
    /// Notes.
    public var notes = 0
    /// Entries of the audit trail.
    public var audit = 0

    /// No history.
    public init() {}

    /// The history in `lead`, one lead object of a JSON export (`show --json`): its `chats`
    /// (and their `messages`), `calls`, `tasks`, `conflicts`, `notes` and `audit`.
    public init(lead: JSONValue) {
        let chats = lead["chats"]?.arrayValue ?? []
        self.chats = chats.count
        messages = chats.reduce(0) { $0 + ($1["messages"]?.arrayValue?.count ?? 0) }
        calls = lead["calls"]?.arrayValue?.count ?? 0
        tasks = lead["tasks"]?.arrayValue?.count ?? 0
        conflicts = lead["conflicts"]?.arrayValue?.count ?? 0
        notes = lead["notes"]?.arrayValue?.count ?? 0
        audit = lead["audit"]?.arrayValue?.count ?? 0
    }

    /// Whether there is none.
    public var isEmpty: Bool { self == ImportHistory() }

    /// The history of both.
    public static func + (left: ImportHistory, right: ImportHistory) -> ImportHistory {
        var sum = left
        sum.chats += right.chats
        sum.messages += right.messages
        sum.calls += right.calls
        sum.tasks += right.tasks
        sum.conflicts += right.conflicts
        sum.notes += right.notes
        sum.audit += right.audit
        return sum
    }

    /// The kinds there are, counted: `3 chats (12 messages), 1 call, 2 tasks and 20 audit
    /// entries`; empty when there is none.
    public var counted: String {
        func count(_ number: Int, _ one: String, _ many: String) -> String? {
            number == 0 ? nil : "\(number) \(number == 1 ? one : many)"
        }
        let parts = [
            count(chats, "chat", "chats").map { chat in
                count(messages, "message", "messages").map { "\(chat) (\($0))" } ?? chat
            },
            count(calls, "call", "calls"), count(tasks, "task", "tasks"),
            count(conflicts, "conflict", "conflicts"), count(notes, "note", "notes"),
            count(audit, "audit entry", "audit entries"),
        ].compactMap { $0 }
        guard let last = parts.last else { return "" }
        return parts.count == 1 ? last : parts.dropLast().joined(separator: ", ") + " and " + last
    }
}
