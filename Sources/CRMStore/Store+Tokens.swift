extension Store {
    /// A token that stays valid until `expiresAt` (Unix ms) after a rotation.
    public struct RetiringToken: Sendable, Equatable {
        /// The token.
        public var value: String
        /// When it stops being accepted, Unix milliseconds.
        public var expiresAt: Int64
    }

    /// The token replaced by the last rotation, if it is still within its grace period.
    public func retiringToken() throws -> RetiringToken? {
        guard let value = try setting("previous_token"),
            let expiry = try setting("previous_token_expires_at").flatMap({ Int64($0) }), expiry > clock()
        else { return nil }
        return RetiringToken(value: value, expiresAt: expiry)
    }

    /// Replaces the stored webhook token with a new random one; the old one stays valid for
    /// `graceMilliseconds`. Returns the new token and the retiring one.
    public func rotateWebhookToken(graceMilliseconds: Int64) throws -> (token: String, retiring: RetiringToken) {
        try database.write {
            let old = try webhookToken()
            let new = Store.randomToken()
            let retiring = RetiringToken(value: old, expiresAt: clock() + graceMilliseconds)
            try setSetting("token", new)
            try setSetting("previous_token", old)
            try setSetting("previous_token_expires_at", String(retiring.expiresAt))
            try audit(actor: "system", lead: nil, action: "token_rotated", detail: "grace \(graceMilliseconds / 1000)s")
            return (new, retiring)
        }
    }
}
