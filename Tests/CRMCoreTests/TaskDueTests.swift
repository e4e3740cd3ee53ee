import CRMCore
import Testing

@Suite struct TaskDueTests {
    @Test func delaysAndUTCDates() {
        let now: Int64 = 1_700_000_000_000
        #expect(TaskDue.parse("30m", now: now) == now + 1_800_000)
        #expect(TaskDue.parse("+2h", now: now) == now + 7_200_000)
        #expect(TaskDue.parse(" 1d ", now: now) == now + 86_400_000)
        #expect(TaskDue.parse("2026-12-05", now: now) == Timestamp.parse("2026-12-05"))
        #expect(TaskDue.parse("2026-12-05 14:30", now: now) == Timestamp.parse("2026-12-05T14:30:00Z"))
        for bad in ["", "soon", "2h30", "-1h", "2026-13-01", "2026-12-05 25:00", "2026-12-05 14", "1w"] {
            #expect(TaskDue.parse(bad, now: now) == nil, "\(bad)")
        }
    }

    @Test func aDateIsReadInTheOperatorsZone() {
        let moscow = LocalTime(identifier: "Europe/Moscow") { _ in 3 * 3600 }
        let now: Int64 = 1_700_000_000_000
        #expect(TaskDue.parse("2026-12-05 14:30", now: now, zone: moscow) == Timestamp.parse("2026-12-05T11:30:00Z"))
        #expect(TaskDue.parse("2h", now: now, zone: moscow) == now + 7_200_000, "a delay is a delay in any zone")
    }
}
