/// The inbox as the console's events screen shows it, decided without the store.
extension EventRecord {
    /// The statuses that want an operator's look: a body that could not be read, effects that
    /// failed.
    public static let troubledStatuses = ["quarantined", "failed"]

    /// Whether the delivery wants an operator's look (``troubledStatuses``).
    public var isTroubled: Bool { Self.troubledStatuses.contains(status) }

    /// The events screen: the `troubled` deliveries first, newest first, then the rest of
    /// `recent` (newest first as read), at most `limit` in all.
    public static func inbox(troubled: [EventRecord], recent: [EventRecord], limit: Int) -> [EventRecord] {
        let rest = recent.filter { !$0.isTroubled }
        return Array((troubled.sorted { $0.id > $1.id } + rest).prefix(limit))
    }
}
