/// Why a JSON text was rejected: where, and what was wrong.
///
/// Messages name the rule that was broken, never the text that broke it: bodies carry personal
/// data and these errors get logged.
public struct JSONError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Byte offset of the problem.
    public let offset: Int
    /// What was wrong.
    public let message: String

    /// An error at `offset`.
    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    /// `message at byte N`.
    public var description: String { "\(message) at byte \(offset)" }
}

/// Strict RFC 8259 JSON parser working on bytes.
///
/// Rejects invalid UTF-8 (overlong forms, encoded surrogates, truncated sequences, code points
/// above U+10FFFF), lone surrogates in `\u` escapes, unescaped control characters, numbers
/// outside the grammar or beyond `Double`'s range, duplicate keys, nesting deeper than a limit,
/// and anything after the value. A leading UTF-8 byte order mark is skipped. Objects keep their
/// keys in document order and numbers their literal text. The parser is iterative, so deep input
/// cannot exhaust the stack.
public enum JSONParser {
    /// The nesting limit used when none is given.
    public static let defaultMaxDepth = 512

    /// Parses one JSON text of any type with the default nesting limit.
    public static func parse(_ bytes: [UInt8]) throws(JSONError) -> JSONValue {
        try parse(bytes, maxDepth: defaultMaxDepth)
    }

    /// Parses one JSON text of any type; arrays and objects may nest at most `maxDepth` deep.
    /// With `replacingLoneSurrogates`, a `\u` escape of a lone surrogate (a truncated emoji, as
    /// common serialisers write it) decodes as U+FFFD instead of failing. With `replacingNULs`,
    /// a `\u0000` escape decodes as U+FFFD too (text that PostgreSQL stores cannot hold a NUL).
    public static func parse(
        _ bytes: [UInt8], maxDepth: Int, replacingLoneSurrogates: Bool = false, replacingNULs: Bool = false
    ) throws(JSONError) -> JSONValue {
        let outcome: Result<JSONValue, JSONError> = bytes.withUnsafeBufferPointer { buffer in
            var scanner = JSONScanner(
                bytes: buffer, maxDepth: maxDepth, replacesLoneSurrogates: replacingLoneSurrogates,
                replacesNULs: replacingNULs)
            do throws(JSONError) {
                return .success(try scanner.parseDocument())
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    /// ``parse(_:maxDepth:replacingLoneSurrogates:replacingNULs:)`` that also gives the value's
    /// canonical form, byte for byte
    /// ``JSONValue/serializedBytesWithIntegralNumbersAsStrings()``, written in the same
    /// pass over the input instead of a second one over the value. The canonical form keeps a
    /// `\u0000` escape as `\u0000` even with `replacingNULs`, so that it, and a hash of it, is the
    /// same with and without that option.
    public static func parseWithCanonicalForm(
        _ bytes: [UInt8], maxDepth: Int, replacingLoneSurrogates: Bool = false, replacingNULs: Bool = false
    ) throws(JSONError) -> (value: JSONValue, canonical: [UInt8]) {
        let outcome: Result<(value: JSONValue, canonical: [UInt8]), JSONError> = bytes.withUnsafeBufferPointer {
            buffer in
            var scanner = JSONScanner(
                bytes: buffer, maxDepth: maxDepth, replacesLoneSurrogates: replacingLoneSurrogates,
                replacesNULs: replacingNULs, writesCanonicalForm: true)
            do throws(JSONError) {
                let value = try scanner.parseDocument()
                return .success((value, scanner.canonical))
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }
}
