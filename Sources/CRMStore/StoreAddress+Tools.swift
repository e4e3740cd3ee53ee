extension StoreAddress {
    /// For a PostgreSQL store, the libpq environment variables that name it, for PostgreSQL's
    /// own tools (`pg_dump`, `pg_restore`: the password stays out of their command line); empty
    /// for a SQLite store.
    public func toolEnvironment() throws -> [String: String] {
        switch self {
        case .sqlite: [:]
        case .postgres(let address): try address.environment()
        }
    }

    /// `text` with any password the address carries replaced by `***`.
    public func scrubbed(_ text: String) -> String {
        switch self {
        case .sqlite: text
        case .postgres(let address): address.scrubbed(text)
        }
    }
}
