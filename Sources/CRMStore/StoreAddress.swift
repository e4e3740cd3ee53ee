import PostgresClient

/// Where the store is, which also chooses its engine: a `postgresql://` or `postgres://` URL is
/// a PostgreSQL database; anything else is the path of a SQLite file. Its `description` is what
/// logs and errors show: the path, or the URL with its password replaced by `***`.
public enum StoreAddress: Sendable, Equatable, CustomStringConvertible {
    /// A SQLite file.
    case sqlite(path: String)
    /// A PostgreSQL database.
    case postgres(PostgresAddress)

    /// The address `text` (a `--db` value, `JIVOCRM_DB`, or the configuration's `db`) names.
    public init(_ text: String) {
        self = PostgresAddress(text).map(StoreAddress.postgres) ?? .sqlite(path: text)
    }

    /// The engine's name, for messages.
    public var engine: String {
        switch self {
        case .sqlite: "SQLite"
        case .postgres: "PostgreSQL"
        }
    }

    /// The path, or the URL without its password.
    public var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let address): address.description
        }
    }
}
