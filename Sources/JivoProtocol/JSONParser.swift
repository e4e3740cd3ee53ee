/// Why a JSON text was rejected: where, and what was wrong.
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

/// Strict RFC 8259 JSON parser (placeholder until the real one lands).
public enum JSONParser {
    /// Parses one JSON text.
    public static func parse(_ bytes: [UInt8]) throws(JSONError) -> JSONValue {
        throw JSONError(offset: 0, message: "not implemented")
    }
}
