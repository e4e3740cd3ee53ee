import CRMCore
import CSQLite
import JivoProtocol

/// A part of a lead an operation can change: a column of the lead, one of its ordered lists
/// (emails, phones, custom fields), or one of its tasks, notes or conflicts by row id.
enum UndoPart: Hashable {
    case column(String)
    case list(String)
    case row(String, Int64)

    /// The lead columns operators change.
    static let columns = ["title", "status", "name", "description", "crm_link", "manager_id"]
    /// Ordered lists: name, table, columns (the first is the position).
    static let lists: [(name: String, table: String, columns: [String])] = [
        ("emails", "lead_emails", ["position", "value", "normalized"]),
        ("phones", "lead_phones", ["position", "value", "normalized"]),
        ("fields", "lead_fields", ["position", "title", "content", "link", "key"]),
    ]
    /// Rows by id: kind, table, columns.
    static let rows: [(kind: String, table: String, columns: [String])] = [
        (
            "task", "tasks",
            [
                "lead_id", "kind", "text", "assignee_id", "due_at", "status", "source_key", "created_at", "done_at",
                "done_by",
            ]
        ),
        ("note", "notes", ["lead_id", "at", "author", "text"]),
        (
            "conflict", "conflicts",
            [
                "lead_id", "field", "current", "incoming", "incoming_normalized", "other_lead_id", "event_id", "status",
                "resolution", "created_at", "resolved_at", "resolved_by",
            ]
        ),
    ]

    /// The name stored in `operation_parts`.
    var key: String {
        switch self {
        case .column(let name): "lead." + name
        case .list(let name): name
        case .row(let kind, let id): "\(kind):\(id)"
        }
    }

    /// The part named `key`, or nil for a name this version does not know.
    init?(key: String) {
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
}

/// The SQL that reads every part of a lead an operation can change, each encoded as JSON rows,
/// and puts a part back to an encoded value (for undo).
struct LeadSnapshotRepository {
    let database: Database

    /// Every part of lead `lead` an operation can change, each encoded as JSON rows.
    func snapshot(_ lead: Int64) throws -> [UndoPart: String] {
        var parts: [UndoPart: String] = [:]
        let columns = UndoPart.columns
        if let row = try database.first(
            "SELECT \(columns.joined(separator: ", ")) FROM leads WHERE id = ?", [.integer(lead)],
            { row in columns.indices.map { Self.jsonValue(row, $0) } })
        {
            for (index, column) in columns.enumerated() {
                parts[.column(column)] = JSONValue.array([.array([row[index]])]).serialized()
            }
        }
        for list in UndoPart.lists {
            let rows = try database.rows(
                "SELECT \(list.columns.joined(separator: ", ")) FROM \(list.table) WHERE lead_id = ? ORDER BY position",
                [.integer(lead)]
            ) { row in JSONValue.array(list.columns.indices.map { Self.jsonValue(row, $0) }) }
            parts[.list(list.name)] = JSONValue.array(rows).serialized()
        }
        for kind in UndoPart.rows {
            try database.query(
                "SELECT id, \(kind.columns.joined(separator: ", ")) FROM \(kind.table) WHERE lead_id = ?",
                [.integer(lead)]
            ) { row in
                let values = kind.columns.indices.map { Self.jsonValue(row, $0 + 1) }
                parts[.row(kind.kind, row.int(0))] = JSONValue.array([.array(values)]).serialized()
            }
        }
        return parts
    }

    private static func jsonValue(_ row: Statement, _ index: Int) -> JSONValue {
        let column = Int32(index)
        switch sqlite3_column_type(row.handle, column) {
        case SQLITE_INTEGER: return .number(String(row.int(column)))
        case SQLITE_TEXT: return .string(row.text(column))
        default: return .null
        }
    }

    static func decode(_ encoded: String?) -> [[SQLValue]] {
        guard let encoded, let rows = try? JSONParser.parse(Array(encoded.utf8)).arrayValue else { return [] }
        return rows.map { row in
            (row.arrayValue ?? []).map { value in
                switch value {
                case .number(let text): Int64(text).map(SQLValue.integer) ?? Double(text).map(SQLValue.real) ?? .null
                case .string(let text): .text(text)
                default: .null
                }
            }
        }
    }

    /// Puts part `part` of lead `lead` back to `encoded` (nil: the row did not exist).
    func restore(_ part: UndoPart, lead: Int64, to encoded: String?) throws {
        let rows = Self.decode(encoded)
        switch part {
        case .column(let column):
            try database.run(
                "UPDATE leads SET \(column) = ? WHERE id = ?", [rows.first?.first ?? .null, .integer(lead)])
        case .list(let name):
            guard let list = UndoPart.lists.first(where: { $0.name == name }) else { return }
            try database.run("DELETE FROM \(list.table) WHERE lead_id = ?", [.integer(lead)])
            let marks = Array(repeating: "?", count: list.columns.count + 1).joined(separator: ", ")
            for row in rows {
                try database.run(
                    "INSERT INTO \(list.table)(lead_id, \(list.columns.joined(separator: ", "))) VALUES (\(marks))",
                    [.integer(lead)] + row)
            }
        case .row(let kind, let id):
            guard let spec = UndoPart.rows.first(where: { $0.kind == kind }) else { return }
            guard let row = rows.first else {
                try database.run("DELETE FROM \(spec.table) WHERE id = ?", [.integer(id)])
                return
            }
            let marks = Array(repeating: "?", count: spec.columns.count + 1).joined(separator: ", ")
            try database.run(
                "INSERT OR REPLACE INTO \(spec.table)(id, \(spec.columns.joined(separator: ", "))) VALUES (\(marks))",
                [.integer(id)] + row)
        }
    }
}
