import JivoProtocol

/// What erasing a person searches for and scrubs, decided without touching the store: their
/// contact values (emails and phones as typed and normalised, their visitor token, phones of
/// their calls, values of their conflicts) and their names, each long enough not to match
/// other people's text by chance.
public struct ErasePlan: Sendable, Equatable {
    /// What audit rows and other text say instead of an erased person's values.
    public static let marker = "[erased]"

    /// Contact values, at least five characters each.
    public var contacts: Set<String>
    /// Names, at least two characters each (not counting surrounding whitespace).
    public var names: Set<String>

    /// The plan for the person whose leads are `leads` (the lead and those merged into it),
    /// with the `conflictValues` of their name, email and phone conflicts and their calls'
    /// `callPhones`.
    public init(
        leads: [Lead], conflictValues: [(field: ContactField, values: [String])], callPhones: [String]
    ) {
        var contacts: Set<String> = []
        var names: Set<String> = []
        for lead in leads {
            if !lead.name.isEmpty { names.insert(lead.name) }
            for value in lead.emails + lead.phones {
                contacts.insert(value.value)
                contacts.insert(value.normalized)
            }
            if let token = lead.userToken { contacts.insert(token) }
        }
        for (field, values) in conflictValues {
            for value in values {
                if field == .name { names.insert(value) } else { contacts.insert(value) }
            }
        }
        contacts.formUnion(callPhones)
        self.contacts = contacts.filter { $0.count >= 5 }
        self.names = names.filter { $0.trimmingWhitespace.count >= 2 }
    }

    /// The texts that find the person in raw event bodies: each contact value, and each name
    /// as a JSON string, in order; each as written and as a JSON encoder that escapes every
    /// non-ASCII character writes it.
    public var bodyTerms: [String] {
        (contacts.sorted() + names.sorted().map { JSONValue.string($0).serialized() }).flatMap { term in
            Set([term, Self.jsonEscaped(term)]).sorted()
        }
    }

    /// `text` as it appears inside a JSON string that escapes every non-ASCII character.
    public static func jsonEscaped(_ text: String) -> String {
        var result = ""
        for unit in text.utf16 {
            if unit < 0x80 {
                result.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
            } else {
                let hex = String(unit, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
        }
        return result
    }

    /// `text` with only ASCII letters lowercased, as SQLite's `lower()` does.
    public static func asciiLowercased(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { ("A"..."Z").contains($0) ? Unicode.Scalar($0.value + 32)! : $0 }))
    }
}
