import PostgresClient

/// One column value on its way between the engines: what SQLite and PostgreSQL both hold.
enum MigrationValue: Sendable, Equatable {
    /// NULL.
    case null
    /// An integer (PostgreSQL `bigint`; a boolean reads as 0 or 1).
    case integer(Int64)
    /// A double.
    case real(Double)
    /// Text.
    case text(String)
    /// Bytes (SQLite `BLOB`, PostgreSQL `bytea`).
    case bytes([UInt8])

    /// The value PostgreSQL returned.
    init(_ value: PostgresValue) {
        switch value {
        case .null: self = .null
        case .integer(let number): self = .integer(number)
        case .double(let number): self = .real(number)
        case .text(let text): self = .text(text)
        case .bytes(let bytes): self = .bytes(bytes)
        case .boolean(let flag): self = .integer(flag ? 1 : 0)
        }
    }

    /// The value as a SQLite parameter.
    var sqlite: SQLValue {
        switch self {
        case .null: .null
        case .integer(let number): .integer(number)
        case .real(let number): .real(number)
        case .text(let text): .text(text)
        case .bytes(let bytes): .blob(bytes)
        }
    }

    /// The value as a PostgreSQL parameter for a column of type `type` (its `udt_name`): text
    /// bound for a `bytea` column goes as its UTF-8 bytes, unchanged.
    func postgres(for type: String) -> PostgresValue {
        switch self {
        case .null: .null
        case .integer(let number): .integer(number)
        case .real(let number): .double(number)
        case .text(let text): type == "bytea" ? .bytes(Array(text.utf8)) : .text(text)
        case .bytes(let bytes): .bytes(bytes)
        }
    }

    /// Whether the two engines hold the same thing: equal values, or text and bytes of the
    /// same UTF-8 (SQLite lets a `BLOB` column hold text).
    func matches(_ other: MigrationValue) -> Bool {
        switch (self, other) {
        case (.text(let text), .bytes(let bytes)), (.bytes(let bytes), .text(let text)): Array(text.utf8) == bytes
        default: self == other
        }
    }
}
