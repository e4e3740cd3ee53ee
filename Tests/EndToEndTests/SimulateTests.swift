import Foundation
import JivoProtocol
import Testing
import TestSupport

/// Done-when 5: `jivocrm simulate` against `jivocrm serve` fills a store that `jivocrm leads`
/// shows sensibly.
@Suite struct SimulateTests {
    @Test(arguments: [7, 2026])
    func simulatedTrafficFillsTheStore(seed: Int) throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        defer { server.stop() }
        let count = 120
        let simulate = try crm.run(
            "simulate", "--url", "http://127.0.0.1:\(server.port)\(server.webhookPath)", "--count", String(count),
            "--seed", String(seed))
        #expect(simulate.status == 0, "\(simulate.stderr)")
        let lines = simulate.stdout.split(separator: "\n").map(String.init)
        #expect(lines.last == "sent \(count): 200×\(count)", "\(lines.suffix(3))")
        #expect(lines.filter { $0.range(of: #"^ *\d+ 200 "#, options: .regularExpression) != nil }.count == count)

        let events = try crm.events()
        #expect(events.count == count)
        let statuses = Set(events.compactMap { $0["status"]?.stringValue })
        #expect(statuses.isSubset(of: ["applied", "duplicate"]), "\(statuses)")

        let leads = try crm.leads()
        #expect(leads.count >= 5)
        #expect(leads.count < count)
        for lead in leads {
            #expect(lead["source"]?.stringValue == "JivoChat")
            #expect(lead["title"]?.stringValue?.hasPrefix("JivoChat") == true, "\(lead)")
            #expect(lead["created_at"]?.stringValue?.hasSuffix("Z") == true)
            #expect(lead["status"]?.stringValue == "unsorted")
        }
        #expect(leads.contains { ($0["chats"]?.int64Value ?? 0) > 0 })
        #expect(leads.contains { !($0["phones"]?.arrayValue?.isEmpty ?? true) })
        #expect(
            leads.contains {
                $0["name"]?.stringValue?.unicodeScalars.contains { (0x0400...0x04FF).contains($0.value) } == true
            })
        #expect(try crm.conflicts().isEmpty == false, "the traffic has a visitor whose phone disagrees")
        let tasks = try crm.tasks()
        #expect(tasks.contains { $0["kind"]?.stringValue == "offline_message" })
        #expect(tasks.allSatisfy { task in leads.contains { $0["id"] == task["lead_id"] } })
        let transcripts = try leads.flatMap { try crm.show(try $0.id()).list("chats") }.flatMap { $0.list("messages") }
        #expect(!transcripts.isEmpty)

        // The table view lists every lead, one row each, under a header.
        let table = try crm.succeed("leads")
        let rows = table.split(separator: "\n")
        #expect(rows.count == leads.count + 1, "\(table)")
        for lead in leads { #expect(table.contains("#\(try lead.id())")) }
        #expect(server.stop() == 0)
    }

    @Test func sameSeedTwiceIsAllDuplicates() throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        defer { server.stop() }
        let url = "http://127.0.0.1:\(server.port)\(server.webhookPath)"
        #expect(try crm.run("simulate", "--url", url, "--count", "40", "--seed", "11").status == 0)
        let before = try crm.snapshot()
        #expect(try crm.run("simulate", "--url", url, "--count", "40", "--seed", "11").status == 0)
        let after = try crm.snapshot()
        let unchanged = after == before
        #expect(unchanged)
        #expect(try crm.events().prefix(40).allSatisfy { $0["status"]?.stringValue == "duplicate" })
    }
}
