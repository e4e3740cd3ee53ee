import CSQLite
import PostgresClient

/// A prepared statement owned by one ``Database``; reset and cleared after every use. On
/// PostgreSQL it is the current row of a result instead (``init(postgresRow:)``), read through
/// the same accessors.
///
/// A statement does not hold its ``Database``: the database keeps its statements, so a
/// statement that held it back kept every connection open (its descriptors, page cache and
/// statements) for as long as the process ran. Its errors read the connection SQLite names
/// for it (`sqlite3_db_handle`), which SQLite keeps open until the statement is finalized.
public final class Statement {
    /// The SQLite statement; nil for a PostgreSQL row.
    let handle: OpaquePointer?
    private let purpose: String
    /// A PostgreSQL row's values, in column order (empty for SQLite).
    var values: [PostgresValue] = []

    init(database: Database, sql: String) throws(StoreError) {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v3(
            database.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else {
            throw StoreError.sqlite(code, database.handle, "preparing a statement")
        }
        self.handle = statement
        self.purpose = String(sql.prefix(40))
    }

    /// A PostgreSQL row holding `values`, in column order.
    init(postgresRow values: [PostgresValue]) {
        handle = nil
        purpose = ""
        self.values = values
    }

    deinit { sqlite3_finalize(handle) }

    /// Binds `values` to parameters 1...n.
    func bind(_ values: [SQLValue]) throws(StoreError) {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .null: code = sqlite3_bind_null(handle, index)
            case .integer(let number): code = sqlite3_bind_int64(handle, index, number)
            case .real(let number): code = sqlite3_bind_double(handle, index, number)
            case .text(let text):
                code = text.withCString {
                    sqlite3_bind_text(handle, index, $0, Int32(text.utf8.count), csqlite_transient())
                }
            case .blob(let bytes):
                code =
                    bytes.isEmpty
                    ? sqlite3_bind_zeroblob(handle, index, 0)
                    : bytes.withUnsafeBytes { raw in
                        sqlite3_bind_blob(
                            handle, index, raw.baseAddress, Int32(raw.count), csqlite_transient())
                    }
            }
            guard code == SQLITE_OK else {
                throw StoreError.sqlite(code, sqlite3_db_handle(handle), "binding a value for '\(purpose)…'")
            }
        }
    }

    /// Steps once: true when a row is available, false when done.
    func step() throws(StoreError) -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw StoreError.sqlite(code, sqlite3_db_handle(handle), "running '\(purpose)…'")
        }
    }

    /// Makes the statement ready for the next use.
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Column `index` as an integer (0 for NULL).
    public func int(_ index: Int32) -> Int64 {
        guard handle != nil else { return postgresInt(index) ?? 0 }
        return sqlite3_column_int64(handle, index)
    }

    /// Column `index` as an integer, nil for NULL.
    public func optionalInt(_ index: Int32) -> Int64? {
        guard handle != nil else { return postgresInt(index) }
        return isNull(index) ? nil : sqlite3_column_int64(handle, index)
    }

    /// Column `index` as text ("" for NULL).
    public func text(_ index: Int32) -> String { optionalText(index) ?? "" }

    /// Column `index` as text, nil for NULL.
    public func optionalText(_ index: Int32) -> String? {
        guard handle != nil else { return postgresText(index) }
        guard let bytes = sqlite3_column_text(handle, index) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, index))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// Column `index` as bytes (empty for NULL).
    public func blob(_ index: Int32) -> [UInt8] {
        guard handle != nil else { return postgresBlob(index) }
        guard let bytes = sqlite3_column_blob(handle, index) else { return [] }
        let count = Int(sqlite3_column_bytes(handle, index))
        return Array(UnsafeRawBufferPointer(start: bytes, count: count))
    }

    /// Whether column `index` is NULL.
    public func isNull(_ index: Int32) -> Bool {
        guard handle != nil else { return values[Int(index)] == .null }
        return sqlite3_column_type(handle, index) == SQLITE_NULL
    }
}
