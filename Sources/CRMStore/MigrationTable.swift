/// One table a migration copies, as the source describes it.
struct MigrationTable: Sendable, Equatable {
    /// The table's name.
    let name: String
    /// Its columns, in the source's order.
    let columns: [String]
    /// Its primary key's columns (empty when it has none): samples are taken in this order,
    /// or in the order of all its columns.
    let key: [String]

    /// The columns samples are ordered by.
    var order: [String] { key.isEmpty ? columns : key }
}

extension MigrationTable {
    /// `name` as a quoted SQL identifier (the same on both engines).
    static func quoted(_ name: String) -> String {
        "\"" + name.replacing("\"", with: "\"\"") + "\""
    }

    /// The table's columns, quoted, separated by commas.
    var columnList: String { columns.map(Self.quoted).joined(separator: ", ") }
}
