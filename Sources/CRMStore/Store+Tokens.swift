extension Store {
    /// A token that stays valid until `expiresAt` (Unix ms) after a rotation.
    public struct RetiringToken: Sendable, Equatable {
        /// The token.
        public var value: String
        /// When it stops being accepted, Unix milliseconds.
        public var expiresAt: Int64
    }

    /// The token replaced by the last rotation, if it is still within its grace period.
    public func retiringToken() throws -> RetiringToken? { try TokenRotation(store: self).retiring() }

    /// Replaces the stored webhook token with a new random one; the old one stays valid for
    /// `graceMilliseconds`. Returns the new token and the retiring one.
    public func rotateWebhookToken(graceMilliseconds: Int64) throws -> (token: String, retiring: RetiringToken) {
        try TokenRotation(store: self).rotate(graceMilliseconds: graceMilliseconds)
    }
}
