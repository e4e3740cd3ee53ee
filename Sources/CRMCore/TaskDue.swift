/// When a task an operator creates is due, as typed: `2h`, `+30m`, `1d`, `2026-12-05`, or
/// `2026-12-05 14:30` (UTC).
public enum TaskDue {
    /// What the parser accepts, for error messages and help.
    public static let forms = "a delay such as 30m, 2h or 1d, or a UTC date such as 2026-12-05 or 2026-12-05 14:30"

    /// Unix milliseconds for `text` typed at `now`, or nil when it is none of ``forms``.
    public static func parse(_ text: String, now: Int64) -> Int64? {
        var text = text.trimmingWhitespace
        if text.hasPrefix("+") { text.removeFirst() }
        if let unit = text.last, let amount = Int64(text.dropLast()), amount >= 0, amount <= 100_000 {
            switch unit {
            case "m": return now + amount * 60_000
            case "h": return now + amount * 3_600_000
            case "d": return now + amount * 86_400_000
            default: break
            }
        }
        let parts = text.split(separator: " ")
        guard parts.count <= 2, let day = parts.first, day.count == 10, let date = Timestamp.parse(String(day)) else {
            return nil
        }
        guard parts.count == 2 else { return date }
        let clock = parts[1].split(separator: ":").map { Int64($0) }
        guard clock.count == 2, let hour = clock[0], let minute = clock[1], (0..<24).contains(hour),
            (0..<60).contains(minute)
        else { return nil }
        return date + hour * 3_600_000 + minute * 60_000
    }
}
