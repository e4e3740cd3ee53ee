import CRMCore
import Testing

@Suite("Timestamps")
struct TimestampTests {
    @Test("ISO 8601 in UTC, and back")
    func roundTrip() {
        #expect(Timestamp.iso8601(milliseconds: 0) == "1970-01-01T00:00:00Z")
        #expect(Timestamp.iso8601(milliseconds: -1) == "1969-12-31T23:59:59Z")
        #expect(Timestamp.iso8601(milliseconds: 1_700_000_000_000) == "2023-11-14T22:13:20Z")
        #expect(Timestamp.iso8601(milliseconds: 951_782_400_000) == "2000-02-29T00:00:00Z")
        #expect(Timestamp.parse("2023-11-14T22:13:20Z") == 1_700_000_000_000)
        #expect(Timestamp.parse("2000-02-29") == 951_782_400_000)
        #expect(Timestamp.parse("2026-11-01") == 1_793_491_200_000)
        #expect(Timestamp.short(milliseconds: 1_700_000_000_000) == "2023-11-14 22:13")
        #expect(Timestamp.short(milliseconds: -1) == "1969-12-31 23:59")
    }

    @Test("every field is zero-padded to its width, and a year past 9999 is written in full")
    func widths() {
        #expect(Timestamp.iso8601(milliseconds: 1_000_000_000) == "1970-01-12T13:46:40Z")
        #expect(Timestamp.short(milliseconds: 1_000_000_000) == "1970-01-12 13:46")
        #expect(Timestamp.iso8601(milliseconds: -62_167_219_200_000) == "0000-01-01T00:00:00Z")
        #expect(Timestamp.iso8601(milliseconds: -61_851_600_000_001) == "0009-12-31T23:59:59Z")
        #expect(Timestamp.iso8601(milliseconds: 253_402_300_799_999) == "9999-12-31T23:59:59Z")
        #expect(Timestamp.short(milliseconds: 253_402_300_799_999) == "9999-12-31 23:59")
        #expect(Timestamp.iso8601(milliseconds: 253_402_300_800_000) == "10000-01-01T00:00:00Z")
        #expect(Timestamp.short(milliseconds: 253_402_300_860_000) == "10000-01-01 00:01")
    }

    @Test("days that are not in the month are refused, not rolled into the next one")
    func impossibleDates() {
        for text in [
            "2026-02-29", "2026-02-30", "2026-04-31", "1900-02-29", "2000-13-01", "2026-00-10", "2026-11-01T24:00:00Z",
            "yesterday",
        ] {
            #expect(Timestamp.parse(text) == nil, "\(text) was accepted")
        }
    }
}
