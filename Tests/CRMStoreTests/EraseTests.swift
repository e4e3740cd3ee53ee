import CRMCore
import CRMStore
import Foundation
import JivoProtocol
import Testing
import TestSupport

@Suite("Erase: the right to be forgotten")
struct EraseTests {
    static let secrets = [
        "Zbigniew Kowalczyk", "zbig.kowalczyk@example.org", "zbig.alt@example.org", "+48 601 555 777",
        "+48601555777", "my secret message about the blue teapot", "the offline note of Zbigniew",
    ]

    /// Zbigniew (to be erased) with a chat and transcript, an offline task, a note, an edit, a
    /// conflict and a lead merged into his; Anna, who stays.
    private static func populated(engine: StoreEngine) throws -> (StoreHarness, Int64, Int64) {
        let harness = try StoreHarness(engine: engine)
        if engine == .sqlite { try harness.store.database.execute("PRAGMA secure_delete = OFF") }
        let zbig = try #require(
            try harness.deliver(
                StoreHarness.accepted(chat: 1, name: secrets[0], email: secrets[1], phone: secrets[3], number: "501")
            ).leadID)
        var finished = StoreHarness.accepted(
            chat: 1, name: secrets[0], email: secrets[1], phone: secrets[3], number: "501")
        finished["event_name"] = .string("chat_finished")
        finished["chat"] = .object([
            "messages": .array([
                .object([
                    "timestamp": .number("1700000000"), "type": .string("visitor"), "message": .string(secrets[5]),
                ]),
                .object([
                    "timestamp": .number("1700000010"), "type": .string("agent"),
                    "message": .string("Noted, Zbigniew Kowalczyk"),
                ]),
            ])
        ])
        try harness.deliver(finished)
        try harness.deliver(StoreHarness.accepted(chat: 2, name: secrets[0], email: secrets[2], number: "501"))
        var offline = StoreHarness.accepted(chat: 3, name: "Zbig", phone: "+48 601 555 777", number: "777")
        offline["event_name"] = .string("offline_message")
        offline["chat_id"] = nil
        offline["message"] = .string(secrets[6])
        try harness.deliver(offline)
        try harness.store.addNote(zbig, text: "Zbigniew Kowalczyk prefers calls", actor: "alice")
        try harness.store.edit(zbig, ContactEdit(description: "Zbigniew Kowalczyk, VIP"), actor: "alice")
        let shadow = try #require(
            try harness.deliver(
                StoreHarness.accepted(chat: 4, name: "Z. K.", email: "zk.shadow@example.org", number: "502")
            ).leadID)
        try harness.store.merge(shadow, into: zbig, actor: "alice")
        let anna = try #require(
            try harness.deliver(
                StoreHarness.accepted(
                    chat: 5, name: "Anna Nowak", email: "anna@example.com", phone: "+48 600 100 200", number: "600")
            ).leadID)
        try harness.deliver(StoreHarness.accepted(chat: 6, name: "Olga, a friend of +48 601 555 777", number: "650"))
        return (harness, zbig, anna)
    }

    /// Rows in any table, any column, holding `term`.
    private static func hits(_ store: Store, _ term: String) throws -> [String] {
        if store.database.isPostgres { return try postgresHits(store, term) }
        var result: [String] = []
        let tables = try store.database.rows("SELECT name FROM sqlite_master WHERE type = 'table'") { $0.text(0) }
        for table in tables {
            let columns = try store.database.rows("SELECT name FROM pragma_table_info(?)", [.text(table)]) {
                $0.text(0)
            }
            for column in columns {
                let count =
                    try store.database.scalar(
                        "SELECT count(*) FROM \"\(table)\" WHERE instr(CAST(\"\(column)\" AS BLOB), CAST(? AS BLOB)) > 0",
                        [.text(term)]) ?? 0
                if count > 0 { result.append("\(table).\(column)") }
            }
        }
        return result
    }

    /// Rows in any table, any column, holding `term`, on PostgreSQL (bytes as bytes, anything
    /// else as its text).
    private static func postgresHits(_ store: Store, _ term: String) throws -> [String] {
        let columns = try store.database.rows(
            "SELECT table_name::text, column_name::text, data_type::text FROM information_schema.columns "
                + "WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"
        ) { ($0.text(0), $0.text(1), $0.text(2)) }
        var result: [String] = []
        for (table, column, type) in columns {
            let holds =
                type == "bytea"
                ? "position(convert_to(?, 'UTF8') in \"\(column)\") > 0" : "strpos(\"\(column)\"::text, ?) > 0"
            let count =
                try store.database.scalar("SELECT count(*) FROM \"\(table)\" WHERE \(holds)", [.text(term)]) ?? 0
            if count > 0 { result.append("\(table).\(column)") }
        }
        return result
    }

    /// The files under `folder`, at any depth, that hold `term`.
    private static func filesContaining(_ folder: String, _ term: String) -> [String] {
        let files = FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String } ?? []
        return files.filter { fileContains(folder + "/" + $0, term) }
    }

    private static func fileContains(_ path: String, _ term: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: path) else { return false }
        return data.range(of: Data(term.utf8)) != nil
    }

    @Test(
        "no table, column, file page or log page keeps their name, emails, phones or messages; Anna stays",
        arguments: StoreEngine.allCases)
    func eraseLeavesNothing(engine: StoreEngine) throws {
        let (harness, zbig, anna) = try Self.populated(engine: engine)
        let store = harness.store
        for secret in Self.secrets {
            #expect(try !Self.hits(store, secret).isEmpty, "the test data must hold \(secret)")
        }
        let report = try store.erase(zbig, actor: "alice")
        #expect(report.leads.count == 2)
        #expect(report.events >= 4)
        #expect(report.logEmptied)
        for secret in Self.secrets + ["zk.shadow@example.org"] {
            #expect(try Self.hits(store, secret) == [], "\(secret) is still in the store")
            if let cluster = harness.cluster {
                let files = Self.filesContaining(cluster.directory + "/data/base", secret)
                #expect(files == [], "\(secret) is still in the tables' files")
            } else {
                #expect(!Self.fileContains(store.database.path, secret), "\(secret) is still in the file")
                #expect(!Self.fileContains(store.database.path + "-wal", secret), "\(secret) is still in the log")
            }
        }
        #expect(try store.lead(zbig) == nil)
        let kept = try #require(try store.lead(anna))
        #expect(kept.emails.map(\.value) == ["anna@example.com"])
        #expect(try store.chats(lead: anna).count == 1)
        #expect(try store.database.scalar("SELECT count(*) FROM events WHERE lead_id = ?", [.integer(anna)]) == 1)
        let trail = try store.auditTrail(lead: zbig)
        #expect(trail.last?.action == "erase")
        #expect(trail.last?.actor == "alice")
        #expect(try store.leads(LeadFilter(search: "Zbigniew")).isEmpty)
        #expect(try store.leads(LeadFilter(search: "Anna")).map(\.lead.id) == [anna])
        #expect(
            try store.leads(LeadFilter(search: "601 555")).isEmpty, "another lead's search text still holds the phone")
        #expect(try store.leads(LeadFilter(search: "Olga")).map(\.lead.name) == ["Olga, a friend of [erased]"])
    }

    @Test("a dry run reports and changes nothing; an unknown lead is an error", arguments: StoreEngine.allCases)
    func dryRunAndUnknown(engine: StoreEngine) throws {
        let (harness, zbig, _) = try Self.populated(engine: engine)
        let before = try harness.counts()
        let report = try harness.store.erase(zbig, actor: "alice", dryRun: true)
        #expect(report.leads.count == 2)
        #expect(try harness.counts() == before)
        #expect(throws: CRMError.self) { try harness.store.erase(999, actor: "alice") }
    }
}
