import PostgresClient

/// A PostgreSQL row read through ``Statement``'s accessors, with SQLite's conversions: a
/// boolean reads as 1 or 0, a `numeric` (a sum) as its integer, an integer as its text.
extension Statement {
    /// Column `index` of a PostgreSQL row as an integer, nil for NULL.
    func postgresInt(_ index: Int32) -> Int64? {
        switch values[Int(index)] {
        case .null: nil
        case .integer(let number): number
        case .boolean(let flag): flag ? 1 : 0
        case .double(let number): Int64(number)
        case .text(let text): Int64(text) ?? Double(text).map { Int64($0) } ?? 0
        case .bytes(let bytes): Int64(String(decoding: bytes, as: UTF8.self)) ?? 0
        }
    }

    /// Column `index` of a PostgreSQL row as text, nil for NULL.
    func postgresText(_ index: Int32) -> String? {
        switch values[Int(index)] {
        case .null: nil
        case .integer(let number): String(number)
        case .boolean(let flag): flag ? "1" : "0"
        case .double(let number): String(number)
        case .text(let text): text
        case .bytes(let bytes): String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Column `index` of a PostgreSQL row as bytes (empty for NULL).
    func postgresBlob(_ index: Int32) -> [UInt8] {
        switch values[Int(index)] {
        case .bytes(let bytes): bytes
        case .null: []
        default: Array((postgresText(index) ?? "").utf8)
        }
    }
}
