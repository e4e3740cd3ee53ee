import CSQLite

extension Statement {
    /// Column `index` as the value it holds, of the type SQLite stored it with.
    func migrationValue(_ index: Int32) -> MigrationValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_NULL: .null
        case SQLITE_INTEGER: .integer(int(index))
        case SQLITE_FLOAT: .real(sqlite3_column_double(handle, index))
        case SQLITE_BLOB: .bytes(blob(index))
        default: .text(text(index))
        }
    }

    /// The row's first `count` columns as values.
    func migrationRow(_ count: Int) -> [MigrationValue] {
        (0..<Int32(count)).map(migrationValue)
    }
}
