/// A `NOTIFY` a connection received on a channel it listens on.
public struct PostgresNotification: Sendable, Equatable {
    /// The channel.
    public let channel: String
    /// The payload (empty when none was given).
    public let payload: String
    /// The server process of the connection that sent it.
    public let senderProcessID: Int32
}
