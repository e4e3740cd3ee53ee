/// A contact card: the vCard 3.0 and 4.0 properties a lead carries.
public struct VCard: Sendable, Equatable {
    /// The line of the file the card starts on (1-based).
    public var line: Int
    /// `FN` (or, without one, the name parts of `N`).
    public var name: String
    /// Every `EMAIL`, in order.
    public var emails: [String]
    /// Every `TEL`, in order.
    public var phones: [String]
    /// `NOTE`.
    public var note: String?
    /// `URL`.
    public var url: String?
    /// `X-JIVOCRM-STATUS`: the lead's status.
    public var status: String?
    /// `X-JIVOCRM-MANAGER`: the lead's manager's login.
    public var manager: String?
    /// `X-JIVOCRM-TITLE`: the lead's title (a visitor who gave no name, email or phone has
    /// nothing else on the card).
    public var title: String?

    /// A card.
    public init(
        line: Int = 0, name: String = "", emails: [String] = [], phones: [String] = [], note: String? = nil,
        url: String? = nil, status: String? = nil, manager: String? = nil, title: String? = nil
    ) {
        self.line = line
        self.name = name
        self.emails = emails
        self.phones = phones
        self.note = note
        self.url = url
        self.status = status
        self.manager = manager
        self.title = title
    }

    /// The cards in `text`. Folded lines (continued by a leading space or tab) are unfolded;
    /// property groups (`item1.EMAIL`) and parameters (`TEL;TYPE=cell`) are accepted; values
    /// are unescaped. Throws, naming the line, for a card that is not closed or a property
    /// outside a card.
    public static func parse(_ text: String) throws(CRMError) -> [VCard] {
        var cards: [VCard] = []
        var current: VCard?
        var family = ""
        var given = ""
        for (line, content) in unfolded(text) {
            guard !content.trimmingWhitespace.isEmpty else { continue }
            guard let colon = nameEnd(content) else {
                throw CRMError.invalidArgument("line \(line): a vCard line needs NAME:VALUE")
            }
            let head = content[..<colon]
            let value = String(content[content.index(after: colon)...])
            let property =
                (head.split(separator: ";", maxSplits: 1).first.map(String.init) ?? "")
                .split(separator: ".").last.map { $0.uppercased() } ?? ""
            if property == "BEGIN" && value.trimmingWhitespace.uppercased() == "VCARD" {
                guard current == nil else {
                    throw CRMError.invalidArgument(
                        "line \(line): BEGIN:VCARD inside another card; close it with END:VCARD first")
                }
                current = VCard(line: line)
                family = ""
                given = ""
                continue
            }
            guard var card = current else {
                throw CRMError.invalidArgument(
                    "line \(line): \(property.prefix(20)) outside a card; every card starts with BEGIN:VCARD")
            }
            switch property {
            case "END":
                if card.name.isEmpty { card.name = [given, family].filter { !$0.isEmpty }.joined(separator: " ") }
                cards.append(card)
                current = nil
                continue
            case "FN": card.name = unescaped(value).trimmingWhitespace
            case "N":
                let parts = splitStructured(value)
                family = parts.first ?? ""
                given = parts.count > 1 ? parts[1] : ""
            case "EMAIL": appendNonEmpty(unescaped(value), to: &card.emails)
            case "TEL": appendNonEmpty(unescaped(value).replacing(/^tel:/.ignoresCase(), with: ""), to: &card.phones)
            case "NOTE": card.note = unescaped(value)
            case "URL": card.url = unescaped(value).trimmingWhitespace
            case "X-JIVOCRM-STATUS": card.status = unescaped(value).trimmingWhitespace
            case "X-JIVOCRM-MANAGER": card.manager = unescaped(value).trimmingWhitespace
            case "X-JIVOCRM-TITLE": card.title = unescaped(value).trimmingWhitespace
            default: break
            }
            current = card
        }
        if let current {
            throw CRMError.invalidArgument("line \(current.line): the card is never closed; end it with END:VCARD")
        }
        return cards
    }

    /// The card as vCard 3.0 text, lines folded at 75 bytes, ending in CRLF; jivocrm's own
    /// status, manager and title as X- properties when the card has them.
    public var serialized: String {
        var lines = ["BEGIN:VCARD", "VERSION:3.0", "FN:" + Self.escaped(name), "N:;" + Self.escaped(name) + ";;;"]
        lines += emails.map { "EMAIL;TYPE=INTERNET:" + Self.escaped($0) }
        lines += phones.map { "TEL:" + Self.escaped($0) }
        if let note, !note.isEmpty { lines.append("NOTE:" + Self.escaped(note)) }
        if let url { lines.append("URL:" + Self.escaped(url)) }
        if let status { lines.append("X-JIVOCRM-STATUS:" + Self.escaped(status)) }
        if let manager { lines.append("X-JIVOCRM-MANAGER:" + Self.escaped(manager)) }
        if let title { lines.append("X-JIVOCRM-TITLE:" + Self.escaped(title)) }
        lines.append("END:VCARD")
        return lines.map(Self.folded).joined()
    }

    /// The colon that ends a line's name and parameters: the first one outside a quoted
    /// parameter value (`TEL;LABEL="Office: 2nd floor":+1 408 498-7855`).
    private static func nameEnd(_ line: String) -> String.Index? {
        var quoted = false
        for index in line.indices {
            switch line[index] {
            case "\"": quoted.toggle()
            case ":" where !quoted: return index
            default: continue
            }
        }
        return nil
    }

    private static func appendNonEmpty(_ value: String, to list: inout [String]) {
        let trimmed = value.trimmingWhitespace
        if !trimmed.isEmpty { list.append(trimmed) }
    }

    /// Logical lines with the physical line each starts on.
    private static func unfolded(_ text: String) -> [(Int, String)] {
        var result: [(Int, String)] = []
        var number = 0
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            var physical = Substring(raw)
            if physical.hasSuffix("\r") { physical = physical.dropLast() }
            if number == 1, physical.hasPrefix("\u{FEFF}") { physical = physical.dropFirst() }
            if let first = physical.first, first == " " || first == "\t", !result.isEmpty {
                result[result.count - 1].1 += physical.dropFirst()
            } else {
                result.append((number, String(physical)))
            }
        }
        return result
    }

    /// A text value without its escapes (`\n`, `\,`, `\;`, `\\`).
    static func unescaped(_ value: String) -> String {
        var result = ""
        var escaping = false
        for character in value {
            if escaping {
                result.append(character == "n" || character == "N" ? "\n" : character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// The components of a structured value (`N`), split on unescaped semicolons.
    private static func splitStructured(_ value: String) -> [String] {
        var parts: [String] = []
        var part = ""
        var escaping = false
        for character in value {
            if escaping {
                part.append("\\")
                part.append(character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else if character == ";" {
                parts.append(unescaped(part).trimmingWhitespace)
                part = ""
            } else {
                part.append(character)
            }
        }
        parts.append(unescaped(part).trimmingWhitespace)
        return parts
    }

    /// A text value escaped for a property.
    static func escaped(_ value: String) -> String {
        var result = ""
        for character in value {
            switch character {
            case "\\": result += "\\\\"
            case "\n", "\r\n": result += "\\n"
            case "\r": result += "\\n"
            case ",": result += "\\,"
            case ";": result += "\\;"
            default: result.append(character)
            }
        }
        return result
    }

    /// A line folded so that no physical line exceeds 75 bytes, never inside a character.
    private static func folded(_ line: String) -> String {
        var result = ""
        var width = 0
        var limit = 75
        for character in line {
            let size = character.utf8.count
            if width + size > limit {
                result += "\r\n "
                width = 0
                limit = 74
            }
            result.append(character)
            width += size
        }
        return result + "\r\n"
    }
}
