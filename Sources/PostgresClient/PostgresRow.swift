/// One row of a result: its values by position, read by column name with typed accessors.
public struct PostgresRow: Sendable {
    /// The result's column names, in order.
    public let columns: [String]
    /// The row's values, in column order.
    public let values: [PostgresValue]

    /// The value in the column named `name`.
    public func value(_ name: String) throws(PostgresError) -> PostgresValue {
        guard let index = columns.firstIndex(of: name) else {
            throw .column(
                "the result has no column '\(name)' (it has \(columns.joined(separator: ", "))); "
                    + "name it in the statement's select list")
        }
        return values[index]
    }

    /// The integer in the column named `name`.
    public func integer(_ name: String) throws(PostgresError) -> Int64 {
        let value = try value(name)
        guard case .integer(let integer) = value else { throw mismatch(name, "an integer", value) }
        return integer
    }

    /// The text in the column named `name`, nil for NULL.
    public func optionalText(_ name: String) throws(PostgresError) -> String? {
        let value = try value(name)
        switch value {
        case .null: return nil
        case .text(let text): return text
        default: throw mismatch(name, "text", value)
        }
    }

    /// The text in the column named `name`.
    public func text(_ name: String) throws(PostgresError) -> String {
        guard let text = try optionalText(name) else { throw mismatch(name, "text", .null) }
        return text
    }

    private func mismatch(_ name: String, _ expected: String, _ found: PostgresValue) -> PostgresError {
        .column(
            "column '\(name)' holds \(found.kindName) where \(expected) was expected; "
                + "cast it in the statement (e.g. \(name)::bigint or \(name)::text)")
    }
}
