import Foundation
import JivoProtocol
import Testing
import TestSupport

/// Issue 10: what the command line shows and accepts: phones found in every format matching
/// accepts, times in the configured zone, links and lengths checked before they are stored.
@Suite("Data shown and accepted")
struct DataShownTests {
    /// A CRM holding one imported lead `name` with `phone`; its id.
    private static func crm(phone: String, settings: [String: String] = [:]) throws -> (CRMHarness, Int64) {
        let crm = try CRMHarness(settings: settings)
        let file = crm.directory.file("people.csv")
        try "name,phone\nIvan Petrov,\(phone)\n".write(toFile: file, atomically: true, encoding: .utf8)
        try crm.succeed("import", file)
        let lead = try #require(try crm.leads().first)
        return (crm, try lead.id())
    }

    @Test func leadsSearchFindsAPhoneInEveryFormatMatchingAccepts() throws {
        let (crm, id) = try Self.crm(phone: "+7 903 946-82-00")
        for text in ["8 (903) 946-82-00", "89039468200", "+7 903 946 82 00"] {
            let found = try #require(try crm.json("leads", "--search", text).arrayValue)
            #expect(try found.map { try $0.id() } == [id], "\(text)")
        }
        let (american, client) = try Self.crm(phone: "(646) 938-0741", settings: ["default_country_code": "1"])
        for text in ["646 938 0741", "001 646 938 0741", "+1 (646) 938-0741"] {
            let found = try #require(try american.json("leads", "--search", text).arrayValue)
            #expect(try found.map { try $0.id() } == [client], "\(text)")
        }
    }

    /// `time` (ISO 8601 UTC) as `yyyy-MM-dd HH:mm` in `zone`.
    private static func wallClock(_ time: String, in zone: String) throws -> String {
        let date = try #require(ISO8601DateFormatter().date(from: time))
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: zone)
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    @Test func tablesShowTheTZZoneAndJSONStaysUTC() throws {
        let (crm, id) = try Self.crm(phone: "+7 903 946-82-00")
        let moscow = ["TZ": "Europe/Moscow"]
        let json = try crm.runBare(
            ["leads", "--json", "--db", crm.database, "--config", crm.configuration], environment: moscow)
        try json.expectSuccess()
        let lead = try #require(json.json?.arrayValue?.first)
        let activity = try #require(lead["last_activity_at"]?.stringValue)
        #expect(activity.hasSuffix("Z"), "--json stays UTC: \(activity)")
        let table = try crm.runBare(
            ["leads", "--db", crm.database, "--config", crm.configuration], environment: moscow)
        try table.expectSuccess()
        #expect(table.stdout.contains("ACTIVITY (UTC+03:00)"), "\(table.stdout)")
        #expect(table.stdout.contains(try Self.wallClock(activity, in: "Europe/Moscow")), "\(table.stdout)")
        #expect(!table.stdout.contains(try Self.wallClock(activity, in: "UTC")), "\(table.stdout)")
        let show = try crm.runBare(
            ["show", String(id), "--db", crm.database, "--config", crm.configuration], environment: moscow)
        let created = try #require(lead["created_at"]?.stringValue)
        #expect(
            show.stdout.contains("created      \(try Self.wallClock(created, in: "Europe/Moscow")) UTC+03:00"),
            "\(show.stdout)")
    }

    @Test func theConfiguredTimeZoneBeatsTZAndAnUnknownOneIsRefused() throws {
        let (crm, _) = try Self.crm(phone: "+7 903 946-82-00", settings: ["time_zone": "America/New_York"])
        let table = try crm.runBare(
            ["leads", "--db", crm.database, "--config", crm.configuration], environment: ["TZ": "Europe/Moscow"])
        try table.expectSuccess()
        #expect(
            table.stdout.range(of: #"ACTIVITY \(UTC-0[45]:00\)"#, options: .regularExpression) != nil, "\(table.stdout)"
        )
        let (wrong, _) = try Self.crm(phone: "+7 903 946-82-00")
        try "time_zone = Mars/Olympus\n".write(toFile: wrong.configuration, atomically: true, encoding: .utf8)
        let refused = try wrong.run("leads")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("time_zone must be a tz database name"), "\(refused.stderr)")
    }

    @Test(arguments: ["javascript:alert(1)", "foo bar", "ftp://x"])
    func editRefusesACRMLinkThatIsNotHTTPAndChangesNothing(link: String) throws {
        let (crm, id) = try Self.crm(phone: "+7 903 946-82-00")
        let before = try crm.show(id)
        let result = try crm.run("edit", String(id), "--crm-link", link, "--name", "Changed")
        #expect(result.status == 1)
        #expect(
            result.stderr.contains("CRM link must be an http:// or https:// URL (got \"\(link)\")"), "\(result.stderr)")
        #expect(try crm.show(id) == before)
    }

    @Test func editReportsEveryProblemAtOnceAndFieldRefusesALinkThatIsNotAURL() throws {
        let (crm, id) = try Self.crm(phone: "+7 903 946-82-00")
        let before = try crm.show(id)
        let long = try crm.run(
            "edit", String(id), "--name", String(repeating: "a", count: 3_500), "--crm-link", "ftp://x")
        #expect(long.status == 1)
        #expect(long.stderr.contains("Name is 3500 characters; the limit is 200"), "\(long.stderr)")
        #expect(long.stderr.contains("CRM link must be an http:// or https:// URL"), "\(long.stderr)")
        let field = try crm.run("field", String(id), "--set", "Plan=Gold", "--link", "not a url")
        #expect(field.status == 1)
        #expect(
            field.stderr.contains("Field link must be an http:// or https:// URL (got \"not a url\")"),
            "\(field.stderr)")
        #expect(try crm.show(id) == before)
        try crm.succeed("edit", String(id), "--crm-link", "https://crm.example.com/leads/1")
        #expect(try crm.show(id)["crm_link"]?.stringValue == "https://crm.example.com/leads/1")
    }
}
