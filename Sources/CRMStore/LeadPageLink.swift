/// A signed, expiring link to a lead's read-only page: `/lead/<id>/<expiry>/<signature>`, where
/// the expiry is Unix seconds and the signature is HMAC-SHA256 (base64url) of the id and the
/// expiry under the store's page key. The link carries no personal data: only the lead's number.
public struct LeadPageLink: Sendable, Equatable {
    /// The lead the page shows.
    public var leadID: Int64
    /// When the link stops working, Unix seconds.
    public var expiresAt: Int64

    /// The path every page link starts with.
    public static let prefix = "/lead/"
    /// How long a new link works: 30 days.
    public static let lifetimeSeconds: Int64 = 30 * 86_400

    /// A link to lead `leadID` that works until `expiresAt` (Unix seconds).
    public init(leadID: Int64, expiresAt: Int64) {
        self.leadID = leadID
        self.expiresAt = expiresAt
    }

    /// A link to lead `leadID` issued at `now` (Unix ms): it works for ``lifetimeSeconds``,
    /// rounded up to the next midnight UTC so that every reply of one day carries the same link.
    public static func issued(leadID: Int64, now milliseconds: Int64) -> LeadPageLink {
        let day: Int64 = 86_400
        let end = milliseconds / 1000 + lifetimeSeconds
        return LeadPageLink(leadID: leadID, expiresAt: (end / day + 1) * day)
    }

    /// The link's path, signed with `key`.
    public func path(key: [UInt8]) -> String {
        path(signedBy: HMACKey(key))
    }

    /// The link's path, signed with `key` made ready (the store keeps it for every reply).
    func path(signedBy key: HMACKey) -> String {
        "\(Self.prefix)\(leadID)/\(expiresAt)/\(Base64URL.encode(signature(key: key)))"
    }

    /// The lead a page path points at, if `path` is a well-formed link signed with `key` that
    /// has not expired at `now` (Unix seconds); nil otherwise, without saying why.
    public static func verify(path: String, key: [UInt8], now: Int64) -> Int64? {
        guard !key.isEmpty, path.hasPrefix(prefix) else { return nil }
        let parts = path.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].allSatisfy(\.isASCIIDigit), parts[1].allSatisfy(\.isASCIIDigit),
            let id = Int64(parts[0]), let expiry = Int64(parts[1]), String(id) == parts[0], String(expiry) == parts[1]
        else { return nil }
        let link = LeadPageLink(leadID: id, expiresAt: expiry)
        let expected = Base64URL.encode(link.signature(key: HMACKey(key)))
        guard Crypto.constantTimeEqual(Array(expected.utf8), Array(parts[2].utf8)), expiry > now else {
            return nil
        }
        return id
    }

    private func signature(key: HMACKey) -> [UInt8] {
        key.mac(Array("jivocrm lead page v1 \(leadID) \(expiresAt)".utf8))
    }
}
