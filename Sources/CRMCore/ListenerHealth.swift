/// Whether anyone answers JivoChat for this store, and what reached its inbox: read from the
/// store, so every console shows the same whichever process listens.
public struct ListenerHealth: Sendable, Equatable {
    /// The addresses of the listeners whose last heartbeat is recent, with that time.
    public var alive: [(address: String, beatAt: Int64)]
    /// The most recent heartbeat of any listener, alive or not.
    public var lastBeatAt: Int64?
    /// When the newest delivery arrived.
    public var lastEventAt: Int64?
    /// Deliveries in the last hour, redeliveries not counted (at most ``countLimit``).
    public var eventsInLastHour: Int
    /// Deliveries kept but not applied: bodies that could not be read.
    public var quarantined: Int
    /// Deliveries whose effects failed.
    public var failed: Int

    /// The most deliveries the last hour's count reads; more show as this many.
    public static let countLimit = 10_000
    /// How old a heartbeat may be for its listener to count as alive, ms.
    public static let aliveWithin: Int64 = 15_000
    /// The window of ``eventsInLastHour``, ms.
    public static let recentWithin: Int64 = 3_600_000

    /// Health with the given values.
    public init(
        alive: [(address: String, beatAt: Int64)] = [], lastBeatAt: Int64? = nil, lastEventAt: Int64? = nil,
        eventsInLastHour: Int = 0, quarantined: Int = 0, failed: Int = 0
    ) {
        self.alive = alive
        self.lastBeatAt = lastBeatAt
        self.lastEventAt = lastEventAt
        self.eventsInLastHour = eventsInLastHour
        self.quarantined = quarantined
        self.failed = failed
    }

    /// Health as of `now` (Unix milliseconds) from every listener's last heartbeat (newest
    /// first): those within ``aliveWithin`` are alive; and from the inbox's figures.
    public init(
        beats: [(address: String, beatAt: Int64)], now: Int64, lastEventAt: Int64?, eventsInLastHour: Int,
        quarantined: Int, failed: Int
    ) {
        self.init(
            alive: beats.filter { $0.beatAt > now - Self.aliveWithin }, lastBeatAt: beats.map(\.beatAt).max(),
            lastEventAt: lastEventAt, eventsInLastHour: eventsInLastHour, quarantined: quarantined, failed: failed)
    }

    /// Equal when every figure and listener is.
    public static func == (lhs: ListenerHealth, rhs: ListenerHealth) -> Bool {
        lhs.alive.map(\.address) == rhs.alive.map(\.address) && lhs.alive.map(\.beatAt) == rhs.alive.map(\.beatAt)
            && lhs.lastBeatAt == rhs.lastBeatAt && lhs.lastEventAt == rhs.lastEventAt
            && lhs.eventsInLastHour == rhs.eventsInLastHour && lhs.quarantined == rhs.quarantined
            && lhs.failed == rhs.failed
    }
}
