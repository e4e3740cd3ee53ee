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

    /// The address `text` names, refusing what would be taken for a SQLite path by mistake and
    /// so quietly make a new, private store: an empty text, one with white space around it, and
    /// one that looks like a URL but is not a PostgreSQL one (see ``looksLikeURL(_:)``).
    public init(validating text: String) throws(StoreAddressError) {
        guard !text.isEmpty else { throw StoreAddressError(text, .empty) }
        guard text.first?.isWhitespace == false, text.last?.isWhitespace == false else {
            throw StoreAddressError(text, .whiteSpace)
        }
        self.init(text)
        if case .sqlite = self, Self.looksLikeURL(text) { throw StoreAddressError(text, .notPostgresURL) }
    }

    /// Whether `text` begins with a URL scheme (a letter, then letters, digits, `+`, `-` or `.`)
    /// followed by `:/`, or with the scheme `postgres` or `postgresql` and a colon.
    static func looksLikeURL(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":") else { return false }
        let scheme = text[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter,
            scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        else { return false }
        return text[colon...].hasPrefix(":/") || ["postgres", "postgresql"].contains(scheme.lowercased())
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
