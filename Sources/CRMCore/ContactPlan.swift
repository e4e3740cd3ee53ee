import JivoProtocol

/// A contact field that visitor data can fill or dispute.
public enum ContactField: String, Sendable, CaseIterable {
    /// The person's name.
    case name
    /// An email.
    case email
    /// A phone.
    case phone
    /// The comment about the person.
    case description
    /// Two leads that look like the same person (email matched one, phone another).
    case duplicate
    /// The link to the lead's card (chat_assigned brought another one).
    case crmLink = "crm_link"
}

/// What incoming visitor data would change on a lead, decided without touching the store.
///
/// Empty fields are filled; a value the lead already has (in matching form) changes nothing;
/// a different value is never written over the lead: it becomes a conflict.
public struct ContactPlan: Sendable, Equatable {
    /// A value to write into an empty field.
    public struct Fill: Sendable, Equatable {
        /// Which field.
        public var field: ContactField
        /// The value as typed.
        public var value: String
        /// Its matching form (emails and phones), else the value.
        public var normalized: String
    }

    /// A disagreement for an operator to resolve.
    public struct Dispute: Sendable, Equatable {
        /// Which field.
        public var field: ContactField
        /// What the lead holds (the primary value for emails and phones).
        public var current: String
        /// What the visitor gave.
        public var incoming: String
        /// The incoming value's matching form.
        public var normalized: String
    }

    /// Values for empty fields.
    public var fills: [Fill] = []
    /// Disagreements.
    public var disputes: [Dispute] = []

    /// The plan for `visitor`'s data against `lead`, skipping `excluded` fields (those that
    /// matched another lead and so belong to a duplicate-leads conflict instead).
    public init(
        lead: Lead, visitor: Visitor, normalizer: ContactNormalizer,
        excluding excluded: Set<ContactField> = []
    ) {
        if !excluded.contains(.name), let name = visitor.name {
            plainField(.name, current: lead.name, incoming: name)
        }
        if !excluded.contains(.description), let description = visitor.description {
            plainField(.description, current: lead.description, incoming: description)
        }
        if !excluded.contains(.email), let email = visitor.email,
            let normalized = normalizer.email(email)
        {
            listField(.email, current: lead.emails, incoming: email, normalized: normalized)
        }
        if !excluded.contains(.phone), let phone = visitor.phone,
            let normalized = normalizer.phone(phone)
        {
            listField(.phone, current: lead.phones, incoming: phone, normalized: normalized)
        }
    }

    private mutating func plainField(_ field: ContactField, current: String, incoming: String) {
        let value = incoming.trimmingWhitespace
        guard !value.isEmpty else { return }
        if current.isEmpty {
            fills.append(Fill(field: field, value: value, normalized: Self.fold(value)))
            return
        }
        guard current != value else { return }
        let folded = Self.fold(value)
        if Self.fold(current) != folded {
            disputes.append(
                Dispute(field: field, current: current, incoming: value, normalized: folded))
        }
    }

    private mutating func listField(
        _ field: ContactField, current: [ContactValue], incoming: String, normalized: String
    ) {
        let value = incoming.trimmingWhitespace
        if current.isEmpty {
            fills.append(Fill(field: field, value: value, normalized: normalized))
        } else if !current.contains(where: { $0.normalized == normalized }) {
            disputes.append(
                Dispute(
                    field: field, current: current[0].value, incoming: value,
                    normalized: normalized))
        }
    }

    /// The comparison form of free text: whitespace collapsed, lowercased.
    ///
    /// Words are split at white space Characters; a text whose lowercase scalars each make a
    /// Character of their own (Latin, Cyrillic, Greek and their punctuation, without combining
    /// marks) is split scalar by scalar, which gives the same words without finding Character
    /// boundaries. Lowercasing goes scalar by scalar as `String.lowercased()` does, with each
    /// scalar's full lowercase mapping, read from a table for ASCII, Latin-1 and the basic
    /// Cyrillic letters (``lowercase(_:)``), so that a name makes no string per scalar. The
    /// folded scalars are written as UTF-8 into one buffer that becomes the string at the end:
    /// appending to a `String.UnicodeScalarView` cost about 900 instructions a scalar.
    public static func fold(_ text: String) -> String {
        var folded: [UInt8] = []
        folded.reserveCapacity(text.utf8.count)
        var spaced = false
        for scalar in text.unicodeScalars {
            if let lower = lowercase(scalar) {
                guard add(lower, to: &folded, spaced: &spaced) else { return foldByCharacters(text) }
            } else {
                for lower in scalar.properties.lowercaseMapping.unicodeScalars {
                    guard add(lower, to: &folded, spaced: &spaced) else { return foldByCharacters(text) }
                }
            }
        }
        return String(decoding: folded, as: UTF8.self)
    }

    /// Adds the lowercase `scalar` to the UTF-8 of ``fold(_:)``'s result: white space as one
    /// space before the next word (`spaced`), other scalars as they are. False when `scalar`
    /// may join a neighbour into one Character, for which the text is folded by Characters.
    private static func add(_ scalar: Unicode.Scalar, to folded: inout [UInt8], spaced: inout Bool) -> Bool {
        guard standsAlone(scalar) else { return false }
        let value = scalar.value
        if value == 0x20 || (0x09...0x0D).contains(value) || value == 0x85 || value == 0xA0 {
            spaced = !folded.isEmpty
            return true
        }
        if spaced {
            folded.append(0x20)
            spaced = false
        }
        // `standsAlone` passes scalars below U+0530 only: one or two bytes of UTF-8.
        if value < 0x80 {
            folded.append(UInt8(value))
        } else {
            folded.append(UInt8(0xC0 | value >> 6))
            folded.append(UInt8(0x80 | value & 0x3F))
        }
        return true
    }

    /// ``fold(_:)`` for a text with scalars that join their neighbours into Characters.
    private static func foldByCharacters(_ text: String) -> String {
        text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// `scalar`'s lowercase mapping when it is one scalar read without Unicode's tables: ASCII,
    /// Latin-1 (whose capitals are 0x20 below their small letters, but for the multiplication
    /// sign) and Cyrillic's basic letters (А–Я 0x20 below а–я, Ѐ–Џ 0x50 below ѐ–џ); nil for
    /// every other scalar, whose mapping is read from `Unicode.Scalar.Properties`.
    public static func lowercase(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        let value = scalar.value
        switch value {
        case 0x41...0x5A, 0xC0...0xD6, 0xD8...0xDE, 0x410...0x42F: return Unicode.Scalar(value + 0x20)
        case 0x400...0x40F: return Unicode.Scalar(value + 0x50)
        case 0..<0xC0, 0xD7, 0xDF...0xFF, 0x430...0x45F: return scalar
        default: return nil
        }
    }

    /// Whether `scalar` always makes a Character of its own (no grapheme rule joins it to a
    /// neighbour, except CR LF): below the combining marks (U+0300), Greek and Coptic past them
    /// (U+0370–U+03FF), and Cyrillic without its combining marks (U+0400–U+0482,
    /// U+048A–U+052F). Of these, only the ASCII spaces, NEL and no-break space are white space.
    private static func standsAlone(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x300, 0x370...0x482, 0x48A...0x52F: true
        default: false
        }
    }
}
