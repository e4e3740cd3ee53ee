import CRMCore
import CRMStore
import Console
import Foundation
import JivoProtocol
import TestSupport
import Testing

/// Times on the console are in the configured zone, which the status bar names once.
@Suite struct LocalTimeScreenTests {
    /// Europe/Moscow from the tz database, as jivocrm's configuration builds it.
    private static func moscow() throws -> LocalTime {
        let zone = try #require(TimeZone(identifier: "Europe/Moscow"))
        return LocalTime(identifier: "Europe/Moscow") {
            Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double($0) / 1000)))
        }
    }

    @Test func listCardTimelineAndTasksShowMoscowTimeAndTheStatusBarNamesTheZone() throws {
        // ConsoleWorld.now is 2023-11-14 22:13:20 UTC, 2023-11-15 01:13 in Moscow.
        let world = try ConsoleWorld(settings: CRMSettings(localTime: try Self.moscow()))
        try world.visitor("Ivan Petrov", chat: 1, phone: "+79039468200", email: nil, offset: 0)
        let offline = Fixtures.object("offline_message").setting("visitor.name", .string("Olga"))
        try world.ingest(offline.bytes, offset: 0)
        let app = world.app()
        let screen = app.screen(Size(rows: 48, columns: 160)).text
        #expect(screen.contains("11-15 01:13"), "the list, in local time:\n\(screen)")
        #expect(screen.contains("due 2023-11-15 03:13"), "the timeline's task, due two hours later:\n\(screen)")
        #expect(!screen.contains("22:13"), "no UTC time is left:\n\(screen)")
        #expect(screen.components(separatedBy: "UTC+03:00").count == 2, "the zone is named once:\n\(screen)")
        #expect(screen.contains("times UTC+03:00"))
        app.press(.character("t"))
        let tasks = app.screen(Size(rows: 48, columns: 160)).text
        #expect(tasks.contains("due  11-15 03:13"), "the tasks pane:\n\(tasks)")
    }

    @Test func aConsoleInUTCSaysSo() throws {
        let world = try ConsoleWorld()
        try world.visitor("Ivan Petrov", chat: 1, phone: "+79039468200", email: nil, offset: 0)
        let screen = world.app().screen(Size(rows: 48, columns: 160)).text
        #expect(screen.contains("times UTC "))
        #expect(screen.contains("11-14 22:13"))
    }
}
