import JivoProtocol

/// A part of a lead an operator's operation can change, as undo records it: a column of the
/// lead, one of its ordered lists (emails, phones, custom fields), or one of its tasks, notes
/// or conflicts by id. Each part's value is recorded as JSON rows of its fields.
public enum OperationPart: Hashable, Sendable {
    /// A column of the lead.
    case column(String)
    /// An ordered list of the lead, by name.
    case list(String)
    /// A task, note or conflict of the lead: its kind and id.
    case row(String, Int64)

    /// A recorded field value.
    public enum Value: Sendable, Equatable {
        /// Nothing.
        case null
        /// An integer.
        case integer(Int64)
        /// A number that is not an integer.
        case real(Double)
        /// Text.
        case text(String)
    }

    /// The lead columns operators change.
    public static let columns = ["title", "status", "name", "description", "crm_link", "manager_id"]
    /// The ordered lists and the fields each entry is recorded with (the first is the position).
    public static let lists: [(name: String, fields: [String])] = [
        ("emails", ["position", "value", "normalized"]),
        ("phones", ["position", "value", "normalized"]),
        ("fields", ["position", "title", "content", "link", "key"]),
    ]
    /// The kinds of rows and the fields each is recorded with.
    public static let rows: [(kind: String, fields: [String])] = [
        (
            "task",
            [
                "lead_id", "kind", "text", "assignee_id", "due_at", "status", "source_key", "created_at", "done_at",
                "done_by",
            ]
        ),
        ("note", ["lead_id", "at", "author", "text"]),
        (
            "conflict",
            [
                "lead_id", "field", "current", "incoming", "incoming_normalized", "other_lead_id", "event_id", "status",
                "resolution", "created_at", "resolved_at", "resolved_by",
            ]
        ),
    ]

    /// The name the part is stored under ("lead.status", "phones", "task:12").
    public var key: String {
        switch self {
        case .column(let name): "lead." + name
        case .list(let name): name
        case .row(let kind, let id): "\(kind):\(id)"
        }
    }

    /// The part named `key`, or nil for a name this version does not know.
    public init?(key: String) {
        if key.hasPrefix("lead."), Self.columns.contains(String(key.dropFirst(5))) {
            self = .column(String(key.dropFirst(5)))
        } else if Self.lists.contains(where: { $0.name == key }) {
            self = .list(key)
        } else if let colon = key.firstIndex(of: ":"), let id = Int64(key[key.index(after: colon)...]),
            Self.rows.contains(where: { $0.kind == key[..<colon] })
        {
            self = .row(String(key[..<colon]), id)
        } else {
            return nil
        }
    }

    /// The rows of a recorded value (nil or unreadable: none).
    public static func decode(_ encoded: String?) -> [[Value]] {
        guard let encoded, let rows = try? JSONParser.parse(Array(encoded.utf8)).arrayValue else { return [] }
        return rows.map { row in
            (row.arrayValue ?? []).map { value in
                switch value {
                case .number(let text): Int64(text).map(Value.integer) ?? Double(text).map(Value.real) ?? .null
                case .string(let text): .text(text)
                default: .null
                }
            }
        }
    }
}
