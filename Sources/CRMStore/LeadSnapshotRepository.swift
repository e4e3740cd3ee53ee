import CRMCore
import CSQLite
import JivoProtocol

/// The SQL that reads every part of a lead an operation can change, each encoded as JSON rows,
/// and puts a part back to an encoded value (for undo).
struct LeadSnapshotRepository {
    let database: Database

    /// The table of each of ``OperationPart``'s lists and kinds of rows.
    private static let tables = [
        "emails": "lead_emails", "phones": "lead_phones", "fields": "lead_fields", "task": "tasks", "note": "notes",
        "conflict": "conflicts",
    ]

    /// The ordered lists: name, table, recorded columns (the first is the position).
    private static let lists = OperationPart.lists.map {
        (name: $0.name, table: tables[$0.name] ?? "", columns: $0.fields)
    }

    /// The rows by id: kind, table, recorded columns.
    private static let rows = OperationPart.rows.map {
        (kind: $0.kind, table: tables[$0.kind] ?? "", columns: $0.fields)
    }

    /// Every part of lead `lead` an operation can change, each encoded as JSON rows.
    func snapshot(_ lead: Int64) throws -> [OperationPart: String] {
        var parts: [OperationPart: String] = [:]
        let columns = OperationPart.columns
        if let row = try database.first(
            "SELECT \(columns.joined(separator: ", ")) FROM leads WHERE id = ?", [.integer(lead)],
            { row in columns.indices.map { Self.jsonValue(row, $0) } })
        {
            for (index, column) in columns.enumerated() {
                parts[.column(column)] = JSONValue.array([.array([row[index]])]).serialized()
            }
        }
        for list in Self.lists {
            let rows = try database.rows(
                "SELECT \(list.columns.joined(separator: ", ")) FROM \(list.table) WHERE lead_id = ? ORDER BY position",
                [.integer(lead)]
            ) { row in JSONValue.array(list.columns.indices.map { Self.jsonValue(row, $0) }) }
            parts[.list(list.name)] = JSONValue.array(rows).serialized()
        }
        for kind in Self.rows {
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
        if row.handle == nil {
            switch row.values[index] {
            case .integer(let number): return .number(String(number))
            case .text(let text): return .string(text)
            default: return .null
            }
        }
        switch sqlite3_column_type(row.handle, column) {
        case SQLITE_INTEGER: return .number(String(row.int(column)))
        case SQLITE_TEXT: return .string(row.text(column))
        default: return .null
        }
    }

    /// The rows of a recorded value as values to bind.
    static func decode(_ encoded: String?) -> [[SQLValue]] {
        OperationPart.decode(encoded).map { row in
            row.map { value in
                switch value {
                case .null: .null
                case .integer(let number): .integer(number)
                case .real(let number): .real(number)
                case .text(let text): .text(text)
                }
            }
        }
    }

    /// Puts part `part` of lead `lead` back to `encoded` (nil: the row did not exist).
    func restore(_ part: OperationPart, lead: Int64, to encoded: String?) throws {
        let rows = Self.decode(encoded)
        switch part {
        case .column(let column):
            try database.run(
                "UPDATE leads SET \(column) = ? WHERE id = ?", [rows.first?.first ?? .null, .integer(lead)])
        case .list(let name):
            guard let list = Self.lists.first(where: { $0.name == name }) else { return }
            try database.run("DELETE FROM \(list.table) WHERE lead_id = ?", [.integer(lead)])
            let marks = Array(repeating: "?", count: list.columns.count + 1).joined(separator: ", ")
            for row in rows {
                try database.run(
                    "INSERT INTO \(list.table)(lead_id, \(list.columns.joined(separator: ", "))) VALUES (\(marks))",
                    [.integer(lead)] + row)
            }
        case .row(let kind, let id):
            guard let spec = Self.rows.first(where: { $0.kind == kind }) else { return }
            guard let row = rows.first else {
                try database.run("DELETE FROM \(spec.table) WHERE id = ?", [.integer(id)])
                return
            }
            let marks = Array(repeating: "?", count: spec.columns.count + 1).joined(separator: ", ")
            let columns = spec.columns.joined(separator: ", ")
            try database.run(
                database.isPostgres
                    ? "INSERT INTO \(spec.table)(id, \(columns)) VALUES (\(marks)) ON CONFLICT(id) DO UPDATE SET "
                        + spec.columns.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
                    : "INSERT OR REPLACE INTO \(spec.table)(id, \(columns)) VALUES (\(marks))",
                [.integer(id)] + row)
        }
    }
}
