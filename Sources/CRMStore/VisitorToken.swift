import JivoProtocol

/// A visitor token a site's backend signs for `jivo_api.setUserToken`, so that a logged-in user
/// reaches their lead with certainty: `v1.<payload>.<signature>`, where the payload is base64url
/// JSON `{"email": …, "phone": …, "exp": UNIX-SECONDS}` (email or phone may be null) and the
/// signature is base64url HMAC-SHA256 of `v1.<payload>` under the store's visitor key
/// (`jivocrm token visitor-key`). A token of any other shape is an unsigned user_token.
public struct VisitorToken: Sendable, Equatable {
    /// The email the site vouches for.
    public var email: String?
    /// The phone the site vouches for.
    public var phone: String?
    /// When the token stops being trusted, Unix seconds.
    public var expiresAt: Int64

    /// A token's claims.
    public init(email: String?, phone: String?, expiresAt: Int64) {
        self.email = email
        self.phone = phone
        self.expiresAt = expiresAt
    }

    /// The token's text, signed with `key`.
    public func signed(key: [UInt8]) -> String {
        let payload: JSONValue = .object([
            "email": email.map(JSONValue.string) ?? .null, "phone": phone.map(JSONValue.string) ?? .null,
            "exp": .number(String(expiresAt)),
        ])
        let body = "v1." + Base64URL.encode(payload.serializedBytes())
        return body + "." + Base64URL.encode(Crypto.hmacSHA256(key: key, Array(body.utf8)))
    }

    /// The claims of `token` if it is signed with `key` and unexpired at `now` (Unix seconds)
    /// and names an email or a phone; nil otherwise.
    public static func verify(_ token: String, key: [UInt8], now: Int64) -> VisitorToken? {
        guard !key.isEmpty, token.hasPrefix("v1.") else { return nil }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let signature = Base64URL.decode(String(parts[2])) else { return nil }
        let body = Array("v1.\(parts[1])".utf8)
        guard Crypto.constantTimeEqual(Crypto.hmacSHA256(key: key, body), signature),
            let payload = Base64URL.decode(String(parts[1])), let claims = try? JSONParser.parse(payload),
            let expiry = claims["exp"]?.int64Value, expiry > now
        else { return nil }
        let claim = VisitorToken(
            email: claims["email"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 },
            phone: claims["phone"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }, expiresAt: expiry)
        return claim.email == nil && claim.phone == nil ? nil : claim
    }
}

extension Store {
    /// The key that signs visitor tokens, created (32 random bytes) on first use.
    public func visitorTokenKey() throws -> [UInt8] {
        if let key = try existingVisitorTokenKey() { return key }
        return try database.write {
            if let key = try existingVisitorTokenKey() { return key }
            let key = Crypto.randomKey()
            try setSetting("visitor_token_key", Crypto.hex(key))
            return key
        }
    }

    /// The visitor key, if one was made; without it no token is signed.
    public func existingVisitorTokenKey() throws -> [UInt8]? {
        try setting("visitor_token_key").flatMap { Crypto.bytes(hex: $0) }
    }

    /// The claims of the event's user_token when it is a valid signed visitor token.
    func signedVisitor(_ token: String?) throws -> VisitorToken? {
        guard let token, token.hasPrefix("v1."), let key = try existingVisitorTokenKey() else { return nil }
        return VisitorToken.verify(token, key: key, now: clock() / 1000)
    }
}
