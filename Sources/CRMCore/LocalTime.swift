/// The time zone people read times in: the configured `time_zone`, else `TZ`, else the
/// system's zone, else UTC. A value with an offset lookup, so formatting stays pure; machine
/// output (`--json`, exports) stays UTC through ``Timestamp``.
public struct LocalTime: Sendable, Equatable, CustomStringConvertible {
    /// The zone's name, such as `Europe/Moscow` or `UTC`.
    public let identifier: String
    private let secondsEast: @Sendable (Int64) -> Int64

    /// A zone named `identifier` whose offset from UTC, in seconds east, at a Unix-millisecond
    /// instant is `secondsEast(instant)`.
    public init(identifier: String, secondsEast: @escaping @Sendable (Int64) -> Int64) {
        self.identifier = identifier
        self.secondsEast = secondsEast
    }

    /// Coordinated Universal Time.
    public static let utc = LocalTime(identifier: "UTC") { _ in 0 }

    /// The offset from UTC in seconds east at `milliseconds`.
    public func offset(at milliseconds: Int64) -> Int64 { secondsEast(milliseconds) }

    /// `2026-11-21 11:38`: the wall-clock time in this zone at `milliseconds`.
    public func short(milliseconds: Int64) -> String {
        Timestamp.short(milliseconds: milliseconds + offset(at: milliseconds) * 1000)
    }

    /// The zone as shown beside times: `UTC`, `UTC+03:00`, `UTC-04:00`, `UTC+05:30`, its offset
    /// at `milliseconds` (so a daylight-saving zone reads differently in summer).
    public func label(at milliseconds: Int64) -> String {
        let seconds = offset(at: milliseconds)
        guard seconds != 0 else { return "UTC" }
        let minutes = abs(seconds) / 60
        let hours = String(minutes / 60)
        let rest = String(minutes % 60)
        return "UTC" + (seconds < 0 ? "-" : "+") + String(repeating: "0", count: 2 - min(2, hours.count)) + hours
            + ":" + String(repeating: "0", count: 2 - rest.count) + rest
    }

    /// `2026-11-21 11:38 UTC+03:00`: a time that says its zone, for text read away from the
    /// screen that shows the zone (the agent's custom_data).
    public func labelled(milliseconds: Int64) -> String {
        short(milliseconds: milliseconds) + " " + label(at: milliseconds)
    }

    /// The identifier.
    public var description: String { identifier }

    /// Zones are the same when their identifiers are.
    public static func == (left: LocalTime, right: LocalTime) -> Bool { left.identifier == right.identifier }
}
