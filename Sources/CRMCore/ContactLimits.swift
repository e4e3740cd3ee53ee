/// What an operator may store on a lead, in one place for the console's forms, the command
/// line and the store (the last guard). Links reach the agent in JivoChat, so they must be
/// http(s) URLs; lengths keep a card readable and a reply within JivoChat's limits.
public enum ContactLimits {
    /// The longest name, in characters.
    public static let name = 200
    /// The longest description.
    public static let description = 2_000
    /// The longest phone as typed.
    public static let phone = 40
    /// The longest email (RFC 5321's path limit).
    public static let email = 254
    /// The longest link (crm_link, a custom field's link).
    public static let link = 2_000
    /// The longest custom field title.
    public static let fieldTitle = 100
    /// The longest custom field content.
    public static let fieldContent = 1_000
    /// The longest custom field key.
    public static let fieldKey = 64

    /// Why `text` is too long for `label`, or nil.
    public static func lengthProblem(_ text: String, _ label: String, limit: Int) -> String? {
        let count = text.count
        guard count > limit else { return nil }
        return "\(label) is \(count) characters; the limit is \(limit)"
    }

    /// Why `text` cannot be the link `label` (`CRM link`), or nil: empty (no link) is fine;
    /// otherwise at most ``link`` characters of an http:// or https:// URL as ``SafeLink``
    /// allows (a host, no spaces or control characters).
    public static func linkProblem(_ text: String, _ label: String) -> String? {
        let link = text.trimmingWhitespace
        guard !link.isEmpty else { return nil }
        if let tooLong = lengthProblem(link, label, limit: Self.link) { return tooLong }
        switch SafeLink.problem(link) {
        case .notHTTP?: return "\(label) must be an http:// or https:// URL (got \"\(echo(link))\")"
        case .spaceOrControl?: return "\(label) must not contain spaces or control characters (got \"\(echo(link))\")"
        case .noHost(let scheme)?: return "\(label) must name a host after \(scheme) (got \"\(echo(link))\")"
        case nil: return nil
        }
    }

    /// A name a visitor gave, as a lead takes it: past ``name`` characters, the first ones and
    /// `…` (a webhook is never refused for a long name; its body keeps the name whole).
    public static func visitorName(_ text: String) -> String {
        text.utf8.count <= name || text.count <= name ? text : String(text.prefix(name - 1)) + "…"
    }

    /// Why `text` cannot be a lead's name, or nil: a name is one line (it titles the lead and
    /// reaches the agent in JivoChat).
    public static func nameProblem(_ text: String) -> String? {
        let name = text.trimmingWhitespace
        return lengthProblem(name, "Name", limit: Self.name)
            ?? (holdsControl(name, lines: false)
                ? "Name must be one line: it holds a line break, tab or other control character" : nil)
    }

    /// Why `text` cannot be a lead's description, or nil: line breaks and tabs are fine.
    public static func descriptionProblem(_ text: String) -> String? {
        let description = text.trimmingWhitespace
        return lengthProblem(description, "Description", limit: Self.description)
            ?? (holdsControl(description, lines: true)
                ? "Description must not hold control characters (an escape or the like); line breaks are fine" : nil)
    }

    /// Whether `text` holds a C0 or C1 control character or DEL (`lines`: line feed, carriage
    /// return and tab are allowed). Format characters stay: an emoji's joiner is one.
    private static func holdsControl(_ text: String, lines: Bool) -> Bool {
        text.unicodeScalars.contains { scalar in
            guard scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) else { return false }
            return !(lines && [0x09, 0x0A, 0x0D].contains(scalar.value))
        }
    }

    /// Why `text` cannot be a lead's phone under `normalizer`, or nil (empty removes it).
    public static func phoneProblem(_ text: String, normalizer: ContactNormalizer) -> String? {
        let phone = text.trimmingWhitespace
        guard !phone.isEmpty else { return nil }
        if let tooLong = lengthProblem(phone, "Phone", limit: Self.phone) { return tooLong }
        guard normalizer.phone(phone) != nil else {
            return "Phone is not a phone number (expected 5 to 15 digits, e.g. +1 408 498-7855)"
        }
        return nil
    }

    /// Why `text` cannot be a lead's email under `normalizer`, or nil (empty removes it).
    public static func emailProblem(_ text: String, normalizer: ContactNormalizer) -> String? {
        let email = text.trimmingWhitespace
        guard !email.isEmpty else { return nil }
        if let tooLong = lengthProblem(email, "Email", limit: Self.email) { return tooLong }
        guard normalizer.email(email) != nil else { return "Email is not an email address (expected name@domain)" }
        return nil
    }

    /// Every reason a custom field cannot be stored, in field order (title, content, link,
    /// key); empty when it can.
    public static func fieldProblems(title: String, content: String, link: String?, key: String?) -> [String] {
        [
            title.trimmingWhitespace.isEmpty ? "Field title is required" : nil,
            lengthProblem(title, "Field title", limit: fieldTitle),
            lengthProblem(content, "Field content", limit: fieldContent),
            link.flatMap { linkProblem($0, "Field link") },
            key.flatMap { lengthProblem($0, "Field key", limit: fieldKey) },
        ].compactMap { $0 }
    }

    /// `text` shortened to 60 characters and with control characters as `?`, to quote in a
    /// message.
    private static func echo(_ text: String) -> String {
        let safe = String(String.UnicodeScalarView(text.unicodeScalars.map { isControl($0) ? "?" : $0 }))
        return safe.count > 60 ? String(safe.prefix(59)) + "…" : safe
    }

    /// Whether `scalar` is a control, format or line/paragraph separator character.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
            || [.format, .lineSeparator, .paragraphSeparator].contains(scalar.properties.generalCategory)
    }
}
