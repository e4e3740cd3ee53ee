/// A value bound to or read from a statement.
public enum SQLValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByNilLiteral
{
    /// NULL.
    case null
    /// A 64-bit integer.
    case integer(Int64)
    /// A double.
    case real(Double)
    /// UTF-8 text.
    case text(String)
    /// Bytes.
    case blob([UInt8])

    /// Text, or NULL for nil.
    public init(_ text: String?) { self = text.map(SQLValue.text) ?? .null }
    /// An integer, or NULL for nil.
    public init(_ number: Int64?) { self = number.map(SQLValue.integer) ?? .null }
    /// 1 or 0.
    public init(_ flag: Bool) { self = .integer(flag ? 1 : 0) }
    /// A text literal.
    public init(stringLiteral value: String) { self = .text(value) }
    /// An integer literal.
    public init(integerLiteral value: Int64) { self = .integer(value) }
    /// `nil`.
    public init(nilLiteral: ()) { self = .null }
}
