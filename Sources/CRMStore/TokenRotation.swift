/// The webhook token's rotation: a new random token, the old one accepted for a grace period.
struct TokenRotation {
    /// The store: its settings, clock and audit.
    let store: Store

    /// The token replaced by the last rotation, if it is still within its grace period.
    func retiring() throws -> Store.RetiringToken? {
        guard let value = try store.setting("previous_token"),
            let expiry = try store.setting("previous_token_expires_at").flatMap({ Int64($0) }), expiry > store.clock()
        else { return nil }
        return Store.RetiringToken(value: value, expiresAt: expiry)
    }

    /// Replaces the token (``Store/rotateWebhookToken(graceMilliseconds:)``).
    func rotate(graceMilliseconds: Int64) throws -> (token: String, retiring: Store.RetiringToken) {
        try store.database.write {
            let old = try store.webhookToken()
            let new = Store.randomToken()
            let retiring = Store.RetiringToken(value: old, expiresAt: store.clock() + graceMilliseconds)
            try store.setSetting("token", new)
            try store.setSetting("previous_token", old)
            try store.setSetting("previous_token_expires_at", String(retiring.expiresAt))
            try store.audit(
                actor: "system", lead: nil, action: "token_rotated", detail: "grace \(graceMilliseconds / 1000)s")
            return (new, retiring)
        }
    }
}
