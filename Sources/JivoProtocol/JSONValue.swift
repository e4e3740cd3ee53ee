/// A JSON document as parsed, lossless for what the protocol needs.
///
/// Numbers keep their literal text so that ids larger than any integer type survive a round
/// trip; objects keep their keys in document order so that output is stable.
public enum JSONValue: Sendable, Equatable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number, as its literal text (`12`, `-3.5`, `1e3`).
    case number(String)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object with its keys in document order.
    case object(JSONObject)
}

/// A JSON object whose members keep the order they were written in.
public struct JSONObject: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    /// The members, in order. Keys are unique.
    public private(set) var members: [(key: String, value: JSONValue)]

    /// Object literals map keys to JSON values.
    public typealias Key = String
    /// Object literals map keys to JSON values.
    public typealias Value = JSONValue

    /// An empty object.
    public init() { members = [] }

    /// An object from ordered members; a repeated key keeps its last value.
    public init(_ members: [(String, JSONValue)]) {
        self.members = []
        for (key, value) in members { self[key] = value }
    }

    /// An object from members whose keys are already known to be unique, taken as they are.
    init(uniqueMembers: [(key: String, value: JSONValue)]) {
        members = uniqueMembers
    }

    /// An object literal, in the order written.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }

    /// The value of `key`, or nil. Setting nil removes the member; setting a new key appends it.
    public subscript(key: String) -> JSONValue? {
        get {
            for member in members where member.key == key { return member.value }
            return nil
        }
        set {
            let index = members.firstIndex { $0.key == key }
            switch (index, newValue) {
            case (let i?, let value?): members[i].value = value
            case (let i?, nil): members.remove(at: i)
            case (nil, let value?): members.append((key, value))
            case (nil, nil): break
            }
        }
    }

    /// The keys, in order.
    public var keys: [String] { members.map(\.key) }

    /// Whether the object has no members.
    public var isEmpty: Bool { members.isEmpty }

    /// Members compare in order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.members.count == rhs.members.count
            && zip(lhs.members, rhs.members).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}

extension JSONValue {
    /// The member `key` of an object; nil for anything else.
    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    /// The member `key` of an object, as ``subscript(key:)`` finds it, for a `key` made only of
    /// lowercase ASCII letters, digits and underscores (the protocol's field names). No other
    /// text is canonically equivalent to such a key (only U+212A, U+037E and U+1FEF decompose
    /// to ASCII: `K`, `;` and the grave accent), so a member whose UTF-8 length differs is
    /// passed over without a Unicode comparison.
    subscript(field key: String) -> JSONValue? {
        assert(key.utf8.allSatisfy { $0 &- 0x61 < 26 || $0 &- 0x30 < 10 || $0 == 0x5F }, "not a plain field name")
        guard case .object(let object) = self else { return nil }
        let length = key.utf8.count
        // Through a buffer and by index, so that a member is read in place and its value copied
        // only when its key matches.
        return object.members.withUnsafeBufferPointer { members in
            for index in members.indices where members[index].key.utf8.count == length && members[index].key == key {
                return members[index].value
            }
            return nil
        }
    }

    /// The object, if this is one.
    public var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    /// The elements, if this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The string, if this is a string.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The boolean, if this is `true` or `false`.
    public var boolValue: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    /// Whether this is `null`.
    public var isNull: Bool { self == .null }

    /// An identifier as text, whether it arrived as a string or a number.
    ///
    /// JivoChat sends the same id as `"42"` in one payload and `42` in another. Strings are
    /// trimmed; empty strings, `null`, booleans, arrays and objects give nil. Integral numbers
    /// written with a fraction or exponent (`42.0`, `4.2e1`) are normalised to `42`, and `-0`
    /// to `0`.
    public var idText: String? {
        switch self {
        case .string(let text):
            let trimmed = text.trimmingWhitespace
            return trimmed.isEmpty ? nil : trimmed
        case .number(let literal):
            if literal == "-0" { return "0" }
            if literal.utf8.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 || $0 == UInt8(ascii: "-") }) { return literal }
            if let value = Double(literal), abs(value) < 9.007_199_254_740_992e15,
                let integral = Int64(exactly: value)
            {
                return String(integral)
            }
            return literal
        default:
            return nil
        }
    }

    /// Text for a free-form field: strings as they are, numbers as their literal, booleans as
    /// `true`/`false`; nil for `null`, arrays and objects.
    public var text: String? {
        switch self {
        case .string(let text): return text
        case .number(let literal): return literal
        case .bool(let flag): return flag ? "true" : "false"
        default: return nil
        }
    }

    /// An integer from a number or a numeric string; nil when it is neither, is not integral, or
    /// is out of range. A numeric string is one written as a JSON number (`"17"`, `"1.7e1"`),
    /// optionally surrounded by white space; `"0x11"`, `".5"` or `"inf"` are not.
    public var int64Value: Int64? {
        switch self {
        case .number(let literal):
            if let exact = Int64(literal) { return exact }
            return Double(literal).flatMap { Int64(exactly: $0) }
        case .string(let text):
            guard case .number(let literal)? = try? JSONParser.parse(Array(text.utf8)) else {
                return nil
            }
            return JSONValue.number(literal).int64Value
        default:
            return nil
        }
    }
}

extension String {
    /// The string without leading and trailing white space and newlines.
    public var trimmingWhitespace: String {
        let utf8 = self.utf8
        guard !utf8.isEmpty else { return self }
        let firstByte = utf8[utf8.startIndex]
        let lastByte = utf8[utf8.index(before: utf8.endIndex)]
        if Self.isSolidASCII(firstByte), Self.isSolidASCII(lastByte) { return self }
        if let first = unicodeScalars.first, let last = unicodeScalars.last, !first.properties.isWhitespace,
            !last.properties.isWhitespace
        {
            return self
        }
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }

    /// Whether `byte` is an ASCII character that is not white space (no scalar that starts with
    /// it can be trimmed).
    private static func isSolidASCII(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F
    }
}
