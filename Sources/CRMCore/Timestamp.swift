/// Formats and parses Unix-millisecond times as ISO 8601 in UTC, without C or Foundation.
public enum Timestamp {
    /// `2026-11-21T08:38:25Z` (seconds precision) for Unix milliseconds.
    public static func iso8601(milliseconds: Int64) -> String {
        format(milliseconds, separator: UInt8(ascii: "T"), withSeconds: true)
    }

    /// `2026-11-21 08:38` for compact display, UTC.
    public static func short(milliseconds: Int64) -> String {
        format(milliseconds, separator: UInt8(ascii: " "), withSeconds: false)
    }

    /// `YYYY-MM-DD`, `separator`, `HH:MM` and, `withSeconds`, `:SSZ`: written digit by digit
    /// into one buffer (a reply to every chat_accepted carries one), except for a year outside
    /// 0...9999, which is written as ``pad(_:_:)`` writes it.
    private static func format(_ milliseconds: Int64, separator: UInt8, withSeconds: Bool) -> String {
        let seconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let (year, month, day) = civil(fromDays: days)
        let secondOfDay = seconds - days * 86_400
        guard (0...9999).contains(year) else {
            let date = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
            let time = "\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2))"
            return withSeconds ? "\(date)T\(time):\(pad(secondOfDay % 60, 2))Z" : "\(date) \(time)"
        }
        return String(unsafeUninitializedCapacity: 20) { buffer in
            var count = 0
            func digits(_ value: Int64, _ width: Int) {
                var rest = value
                for position in stride(from: count + width - 1, through: count, by: -1) {
                    buffer[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
                count += width
            }
            func byte(_ value: UInt8) {
                buffer[count] = value
                count += 1
            }
            digits(year, 4)
            byte(UInt8(ascii: "-"))
            digits(month, 2)
            byte(UInt8(ascii: "-"))
            digits(day, 2)
            byte(separator)
            digits(secondOfDay / 3600, 2)
            byte(UInt8(ascii: ":"))
            digits(secondOfDay / 60 % 60, 2)
            if withSeconds {
                byte(UInt8(ascii: ":"))
                digits(secondOfDay % 60, 2)
                byte(UInt8(ascii: "Z"))
            }
            return count
        }
    }

    /// Unix milliseconds for `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SSZ` (UTC); nil if malformed or
    /// not a real date (`2026-02-30`).
    public static func parse(_ text: String) -> Int64? {
        let digits = text.split(whereSeparator: { "-T:Z ".contains($0) }).map { Int64($0) }
        guard digits.count == 3 || digits.count == 6, digits.allSatisfy({ $0 != nil }) else {
            return nil
        }
        let parts = digits.map { $0! }
        guard (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        let day = days(fromCivil: parts[0], parts[1], parts[2])
        guard civil(fromDays: day) == (parts[0], parts[1], parts[2]) else { return nil }
        var seconds = day * 86_400
        if parts.count == 6 {
            guard parts[3] < 24, parts[4] < 60, parts[5] < 61 else { return nil }
            seconds += parts[3] * 3600 + parts[4] * 60 + parts[5]
        }
        return seconds * 1000
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    /// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm).
    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
