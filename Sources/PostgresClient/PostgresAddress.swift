/// Where a PostgreSQL database is: a `postgresql://` or `postgres://` URL, handed to libpq as
/// its connection string, so libpq's own `PG*` variables (`PGHOST`, `PGUSER`, `PGPASSWORD`,
/// `PGSSLMODE`, …) fill in what the URL leaves out and its parameters (`sslmode=require`,
/// `host=/run/postgresql`) mean what libpq documents.
///
/// Its `description` is the URL with any password replaced by `***`: the only form of the
/// address that logs and error messages show.
public struct PostgresAddress: Sendable, Equatable, CustomStringConvertible {
    /// The URL as given, with its password: only ever passed to libpq.
    public let url: String

    /// The address `text` names, or nil when it is not a `postgresql://` or `postgres://` URL.
    public init?(_ text: String) {
        guard Self.schemes.contains(where: { text.lowercased().hasPrefix($0) }) else { return nil }
        url = text
    }

    /// An address of `url` as it is, whatever its scheme: to show a mistyped one.
    private init(unchecked url: String) {
        self.url = url
    }

    /// The URL schemes libpq reads as a PostgreSQL address.
    static let schemes = ["postgresql://", "postgres://"]

    /// `text`, an address as typed (a mistyped one too, with another scheme or `:/` for `://`),
    /// with any password it carries replaced by `***`, as ``description`` shows a URL: the form
    /// for a message that names a value refused as an address.
    public static func hidingPassword(in text: String) -> String {
        PostgresAddress(unchecked: text).description
    }

    /// The URL with the password (in the user part or a `password=` parameter) replaced by `***`.
    public var description: String {
        var text = url
        if let range = passwordInUserInfo { text.replaceSubrange(range, with: "***") }
        guard let question = text.firstIndex(of: "?") else { return text }
        let parameters = text[text.index(after: question)...].split(separator: "&", omittingEmptySubsequences: false)
            .map { parameter in
                parameter.lowercased().hasPrefix("password=") ? "password=***" : String(parameter)
            }
        return text[...question] + parameters.joined(separator: "&")
    }

    /// The passwords the URL carries, as written and percent-decoded.
    var passwords: [String] {
        var found: [String] = []
        if let range = passwordInUserInfo { found.append(String(url[range])) }
        if let question = url.firstIndex(of: "?") {
            for parameter in url[url.index(after: question)...].split(separator: "&")
            where parameter.lowercased().hasPrefix("password=") {
                found.append(String(parameter.dropFirst("password=".count)))
            }
        }
        return (found + found.compactMap { Self.percentDecoded($0[...]) }).filter { !$0.isEmpty }
    }

    /// `text` with every password the URL carries replaced by `***`.
    func scrub(_ text: String) -> String {
        passwords.sorted { $0.count > $1.count }.reduce(text) { $0.replacing($1, with: "***") }
    }

    private var passwordInUserInfo: Range<String.Index>? {
        guard let scheme = url.firstRange(of: "://") ?? url.firstRange(of: ":/") else { return nil }
        let authority = url[scheme.upperBound...].prefix { $0 != "/" && $0 != "?" }
        guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else {
            return nil
        }
        return authority.index(after: colon)..<at
    }

    /// `text` with its `%XX` escapes decoded; nil when the result is not valid UTF-8.
    static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var utf8 = text.utf8[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%"), utf8.count >= 2,
                let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
