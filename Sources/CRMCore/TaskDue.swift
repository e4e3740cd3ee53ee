/// When a task an operator creates is due, as typed: `2h`, `+30m`, `1d`, `2026-12-05`, or
/// `2026-12-05 14:30`, a date and time read in the operator's zone as every time is shown.
public enum TaskDue {
    /// What the parser accepts, for error messages and help.
    public static let forms = "a delay such as 30m, 2h or 1d, or a local date such as 2026-12-05 or 2026-12-05 14:30"

    /// Unix milliseconds for `text` typed at `now`, a date read as a wall-clock time in `zone`,
    /// or nil when it is none of ``forms``.
    public static func parse(_ text: String, now: Int64, zone: LocalTime = .utc) -> Int64? {
        guard let wall = parseAsWallClock(text, now: now) else { return nil }
        guard wall.isDate else { return wall.milliseconds }
        // The offset at the wall time itself, corrected once for a zone that changes there.
        let guess = wall.milliseconds - zone.offset(at: wall.milliseconds) * 1000
        return wall.milliseconds - zone.offset(at: guess) * 1000
    }

    /// A delay from `now` (`isDate` false), or a date and time as a wall clock shows it.
    private static func parseAsWallClock(_ text: String, now: Int64) -> (milliseconds: Int64, isDate: Bool)? {
        var text = text.trimmingWhitespace
        if text.hasPrefix("+") { text.removeFirst() }
        if let unit = text.last, let amount = Int64(text.dropLast()), amount >= 0, amount <= 100_000 {
            switch unit {
            case "m": return (now + amount * 60_000, false)
            case "h": return (now + amount * 3_600_000, false)
            case "d": return (now + amount * 86_400_000, false)
            default: break
            }
        }
        let parts = text.split(separator: " ")
        guard parts.count <= 2, let day = parts.first, day.count == 10, let date = Timestamp.parse(String(day)) else {
            return nil
        }
        guard parts.count == 2 else { return (date, true) }
        let clock = parts[1].split(separator: ":").map { Int64($0) }
        guard clock.count == 2, let hour = clock[0], let minute = clock[1], (0..<24).contains(hour),
            (0..<60).contains(minute)
        else { return nil }
        return (date + hour * 3_600_000 + minute * 60_000, true)
    }
}
