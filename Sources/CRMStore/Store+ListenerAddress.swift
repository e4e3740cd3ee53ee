/// Where the listener serving this store is, from the heartbeats listeners write
/// (`listener_heartbeats`): `webhook-url`, `simulate`, `doctor` and the lead page links reach
/// the process that is answering now, and every console shows whether one is.
extension Store {
    /// A listener's record.
    public struct ListenerRecord: Sendable, Equatable {
        /// `http://HOST:PORT`, as bound.
        public var address: String
    }

    /// The listener with the most recent heartbeat, if it beat within
    /// ``ListenerHealth/aliveWithin``.
    public func runningListener() throws -> ListenerRecord? {
        try listenerHealth(now: clock()).alive.first.map { ListenerRecord(address: $0.address) }
    }
}
