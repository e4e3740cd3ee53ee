/// A value sent as a statement's parameter or read from a result column.
public enum PostgresValue: Sendable, Equatable {
    /// SQL NULL.
    case null
    /// A 64-bit integer (`bigint`; `smallint` and `integer` columns read as this too).
    case integer(Int64)
    /// A double (`double precision`; `real` columns read as this too).
    case double(Double)
    /// Text (`text`; any type without a case of its own, such as `numeric`, reads as its text).
    case text(String)
    /// Bytes (`bytea`).
    case bytes([UInt8])
    /// A boolean (`boolean`).
    case boolean(Bool)

    /// The type libpq is told the parameter has, and its bytes (nil for NULL); `bytea` goes
    /// in binary, everything else as text.
    var parameter: (type: UInt32, bytes: [UInt8]?, binary: Bool) {
        switch self {
        case .null: (0, nil, false)
        case .integer(let value): (20, Array(String(value).utf8), false)
        case .double(let value): (701, Array(String(value).utf8), false)
        case .text(let value): (25, Array(value.utf8), false)
        case .bytes(let value): (17, value, true)
        case .boolean(let value): (16, Array((value ? "t" : "f").utf8), false)
        }
    }

    /// Whether this is text holding a NUL character, which PostgreSQL text cannot hold.
    var isTextWithNUL: Bool {
        guard case .text(let text) = self else { return false }
        return text.utf8.contains(0)
    }

    /// The name of the value's kind, for messages.
    var kindName: String {
        switch self {
        case .null: "NULL"
        case .integer: "an integer"
        case .double: "a double"
        case .text: "text"
        case .bytes: "bytes"
        case .boolean: "a boolean"
        }
    }
}
