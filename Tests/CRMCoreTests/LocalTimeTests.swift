import CRMCore
import Foundation
import JivoProtocol
import Testing

extension LocalTime {
    /// The tz database's zone `identifier`, as jivocrm's configuration builds it.
    static func named(_ identifier: String) throws -> LocalTime {
        let zone = try #require(TimeZone(identifier: identifier))
        return LocalTime(identifier: identifier) {
            Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double($0) / 1000)))
        }
    }
}

@Suite("Local time")
struct LocalTimeTests {
    @Test func moscowIsThreeHoursAheadOfUTCAllYear() throws {
        let moscow = try LocalTime.named("Europe/Moscow")
        let winter = try #require(Timestamp.parse("2026-12-04T00:18:00Z"))
        let summer = try #require(Timestamp.parse("2026-07-01T21:30:00Z"))
        #expect(moscow.short(milliseconds: winter) == "2026-12-04 03:18")
        #expect(moscow.short(milliseconds: summer) == "2026-07-02 00:30")
        #expect(moscow.label(at: winter) == "UTC+03:00")
        #expect(moscow.labelled(milliseconds: winter) == "2026-12-04 03:18 UTC+03:00")
        #expect(Timestamp.iso8601(milliseconds: winter) == "2026-12-04T00:18:00Z")
    }

    @Test func newYorkFollowsDaylightSavingAcrossTheChange() throws {
        let newYork = try LocalTime.named("America/New_York")
        // Clocks went back at 06:00 UTC on 2026-11-01 (02:00 EDT became 01:00 EST).
        let before = try #require(Timestamp.parse("2026-11-01T05:30:00Z"))
        let after = try #require(Timestamp.parse("2026-11-01T06:30:00Z"))
        #expect(newYork.short(milliseconds: before) == "2026-11-01 01:30")
        #expect(newYork.label(at: before) == "UTC-04:00")
        #expect(newYork.short(milliseconds: after) == "2026-11-01 01:30")
        #expect(newYork.label(at: after) == "UTC-05:00")
        let spring = try #require(Timestamp.parse("2026-03-08T07:30:00Z"))
        #expect(newYork.labelled(milliseconds: spring) == "2026-03-08 03:30 UTC-04:00")
    }

    @Test func labelsGiveHalfHoursAndUTCPlainly() throws {
        #expect(try LocalTime.named("Asia/Kolkata").label(at: 0) == "UTC+05:30")
        #expect(LocalTime.utc.label(at: 0) == "UTC")
        #expect(LocalTime.utc.short(milliseconds: 0) == "1970-01-01 00:00")
    }

    @Test func theAgentsLastChatItemSaysTheConfiguredZone() throws {
        let last = try #require(Timestamp.parse("2026-12-04T00:18:00Z"))
        let lead = Lead(id: 4, title: "Ivan")
        let settings = CRMSettings(localTime: try LocalTime.named("Europe/Moscow"))
        let reply = ReplyComposer(settings: settings).reply(
            for: lead, context: ReplyComposer.Context(lastChatAt: last))
        let item = try #require(reply.customData.first { $0.title == "Last chat" })
        #expect(item.content == "2026-12-04 03:18 UTC+03:00")
        let utc = ReplyComposer(settings: CRMSettings()).reply(
            for: lead, context: ReplyComposer.Context(lastChatAt: last))
        #expect(utc.customData.first { $0.title == "Last chat" }?.content == "2026-12-04 00:18 UTC")
    }
}
