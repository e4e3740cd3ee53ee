/// A signed, expiring link to a lead's read-only page: `/lead/<id>/<expiry>/<signature>`, where
/// the expiry is Unix seconds and the signature is HMAC-SHA256 (base64url) of the id and the
/// expiry under the store's page key. The link carries no personal data: only the lead's number.
public struct LeadPageLink: Sendable, Equatable {
    /// The lead the page shows.
    public var leadID: Int64
    /// When the link stops working, Unix seconds.
    public var expiresAt: Int64

    /// The path every page link starts with.
    public static let prefix = prefixBytes.description
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
        url(base: "", signedBy: HMACKey(key))
    }

    /// `base` (an address without its trailing slash) followed by the link's path, signed with
    /// `key` made ready (the store keeps it for every reply). Written into one string: the
    /// digits, the message signed (on the stack) and the signature's base64url go straight in,
    /// as each reply pays for it.
    func url(base: String, signedBy key: HMACKey) -> String {
        var base = base
        return base.withUTF8 { base in
            String(unsafeUninitializedCapacity: base.count + Self.longestPath) { output in
                var end = Self.append(base, to: output, at: 0)
                end = Self.append(Self.prefixBytes, to: output, at: end)
                end = Self.append(decimal: leadID, to: output, at: end)
                output[end] = UInt8(ascii: "/")
                end = Self.append(decimal: expiresAt, to: output, at: end + 1)
                output[end] = UInt8(ascii: "/")
                return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.longestMessage + 32) { scratch in
                    let message = UnsafeMutableBufferPointer(rebasing: scratch[..<Self.longestMessage])
                    var length = Self.append(Self.messagePrefix, to: message, at: 0)
                    length = Self.append(decimal: leadID, to: message, at: length)
                    message[length] = UInt8(ascii: " ")
                    length = Self.append(decimal: expiresAt, to: message, at: length + 1)
                    let mac = UnsafeMutableBufferPointer(rebasing: scratch[Self.longestMessage...])
                    key.mac(UnsafeRawBufferPointer(start: message.baseAddress, count: length), into: mac)
                    return Base64URL.encode(UnsafeBufferPointer(mac), into: output, at: end + 1)
                }
            }
        }
    }

    /// The lead a page path points at, if `path` is a well-formed link signed with `key` that
    /// has not expired at `now` (Unix seconds); nil otherwise, without saying why.
    public static func verify(path: String, key: [UInt8], now: Int64) -> Int64? {
        guard let link = signed(path: path, key: key), link.expiresAt > now else { return nil }
        return link.leadID
    }

    /// The link `path` is, if it is a well-formed link signed with `key`, expired or not (an
    /// agent may paste an old one into JivoChat); nil otherwise.
    public static func signed(path: String, key: [UInt8]) -> LeadPageLink? {
        guard !key.isEmpty, path.hasPrefix(prefix) else { return nil }
        let parts = path.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].allSatisfy(\.isASCIIDigit), parts[1].allSatisfy(\.isASCIIDigit),
            let id = Int64(parts[0]), let expiry = Int64(parts[1]), String(id) == parts[0], String(expiry) == parts[1]
        else { return nil }
        let link = LeadPageLink(leadID: id, expiresAt: expiry)
        let expected = Base64URL.encode(link.signature(key: HMACKey(key)))
        return Crypto.constantTimeEqual(Array(expected.utf8), Array(parts[2].utf8)) ? link : nil
    }

    private func signature(key: HMACKey) -> [UInt8] {
        key.mac(Array("jivocrm lead page v1 \(leadID) \(expiresAt)".utf8))
    }

    /// ``prefix``, as the link writer copies it.
    private static let prefixBytes: StaticString = "/lead/"
    /// What the signed message starts with, before the id and the expiry.
    private static let messagePrefix: StaticString = "jivocrm lead page v1 "
    /// The longest path: the prefix, two 20-character integers, two slashes, and the
    /// signature's 43 characters.
    private static let longestPath = 6 + 20 + 1 + 20 + 1 + 43
    /// The longest signed message: its prefix, two 20-character integers, and a space.
    private static let longestMessage = 21 + 20 + 1 + 20

    /// Copies `bytes` into `output` at `start`; returns where they end.
    private static func append(
        _ bytes: UnsafeBufferPointer<UInt8>, to output: UnsafeMutableBufferPointer<UInt8>, at start: Int
    ) -> Int {
        guard let source = bytes.baseAddress, let target = output.baseAddress else { return start }
        (target + start).update(from: source, count: bytes.count)
        return start + bytes.count
    }

    /// Copies `text` into `output` at `start`; returns where it ends.
    private static func append(_ text: StaticString, to output: UnsafeMutableBufferPointer<UInt8>, at start: Int)
        -> Int
    {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount), to: output, at: start)
    }

    /// Writes `value` in decimal (as `String(value)` does) into `output` at `start`; returns
    /// where it ends.
    private static func append(decimal value: Int64, to output: UnsafeMutableBufferPointer<UInt8>, at start: Int)
        -> Int
    {
        var start = start
        if value < 0 {
            output[start] = UInt8(ascii: "-")
            start += 1
        }
        var digits = 1
        var rest = value.magnitude / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        var magnitude = value.magnitude
        var index = start + digits
        repeat {
            index -= 1
            output[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
        return start + digits
    }
}
