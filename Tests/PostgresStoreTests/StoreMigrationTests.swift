import CRMStore
import Foundation
import PostgresClient
import Testing
import TestSupport

/// `jivocrm migrate`: a SQLite store filled by real traffic copied to PostgreSQL and back to a
/// new SQLite file reads the same through every verb, every table counted and sampled; a
/// non-empty target is refused; passwords never appear.
@Suite struct StoreMigrationTests {
    /// A scratch home with a SQLite store filled through `serve`, `simulate` and operator verbs.
    final class FilledStore {
        let directory = TemporaryDirectory(prefix: "jivocrm-migrate")
        let path: String
        let environment: [String: String]

        init() throws {
            path = directory.file("crm.sqlite")
            environment = JivoCRMBinary.environment(home: directory.path, ["JIVOCRM_OPERATOR": "migrator"])
            let server = try ServeProcess(
                arguments: ["--db", path], environment: environment, directory: directory)
            let url = "http://127.0.0.1:\(server.port)\(server.webhookPath)"
            let simulated = try run(["simulate", "--url", url, "--count", "120", "--seed", "5"])
            #expect(simulated.status == 0, "\(simulated.stderr)")
            #expect(server.stop() == 0)
            try succeed(["managers", "add", "anna", "--name", "Anna Smirnova", "--default"])
            try succeed(["assign", "1", "2", "anna"])
            try succeed(["status", "3", "won"])
            try succeed(["note", "add", "1", "Called back, wants a quote"])
            try succeed(["task", "add", "2", "Send the quote"])
            try succeed(["merge", "4", "5"])
            try succeed(["merge", "7", "6"])
            try succeed(["token", "rotate", "--yes"])
        }

        @discardableResult
        func run(_ arguments: [String], db: String? = nil) throws -> CommandResult {
            try JivoCRMBinary.run(arguments + ["--db", db ?? path], environment: environment)
        }

        @discardableResult
        func succeed(_ arguments: [String], db: String? = nil) throws -> String {
            let result = try run(arguments, db: db)
            try #require(result.status == 0, "jivocrm \(arguments.joined(separator: " ")) failed: \(result.stderr)")
            return result.stdout
        }

        /// What `arguments` print on the store at `db`, without the export's own time.
        func read(_ arguments: [String], db: String? = nil) throws -> String {
            try succeed(arguments, db: db).replacing(/"exported_at":"[^"]*"/, with: "")
        }
    }

    /// The tables `migrate`'s summary lists (the lines ending in ok or DIFFERS).
    private func summarized(_ output: String) -> [String: (rows: Int, ok: Bool)] {
        var tables: [String: (rows: Int, ok: Bool)] = [:]
        for line in output.split(separator: "\n") {
            let words = line.split(separator: " ")
            guard words.count == 5, words[4] == "ok" || words[4] == "DIFFERS", let rows = Int(words[2]) else {
                continue
            }
            tables[String(words[0])] = (rows, words[4] == "ok")
        }
        return tables
    }

    @Test func aStoreGoesToPostgreSQLAndBackUnchanged() throws {
        let store = try FilledStore()
        let cluster = try PostgresCluster()
        try cluster.createDatabase("crm")
        let secret = "never-Shown-41"
        let url = cluster.url(database: "crm", password: secret)
        let address = try #require(PostgresAddress(url))

        let there = try store.run(["migrate", "--to", url])
        #expect(there.status == 0, "\(there.stdout)\(there.stderr)")
        #expect(!(there.stdout + there.stderr).contains(secret))

        // Every table of the schema is in the summary, counted equal.
        let sqlite = try Database(path: store.path, create: false)
        let schemaTables = try sqlite.rows(
            """
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                AND name NOT LIKE 'lead_search%' AND name NOT LIKE 'message_search%'
            """
        ) { $0.text(0) }
        let copied = summarized(there.stdout)
        #expect(Set(copied.keys) == Set(schemaTables), "\(there.stdout)")
        #expect(copied.values.allSatisfy { $0.ok })
        for table in ["leads", "events", "messages", "chats", "audit", "merges", "settings", "managers", "notes"] {
            #expect((copied[table]?.rows ?? 0) > 0, "\(table) was empty: the traffic should fill it")
        }

        // On PostgreSQL: the same rows, raw events byte for byte, the search index filled, the
        // id sequences past the copied ids.
        let postgres = try PostgresConnection(address)
        for table in schemaTables {
            let expected = try sqlite.scalar("SELECT count(*) FROM \"\(table)\"") ?? -1
            #expect(try postgres.query("SELECT count(*) AS n FROM \"\(table)\"").first?.integer("n") == expected)
        }
        let sqliteBodies = try sqlite.rows("SELECT id, body FROM events ORDER BY id") { "\($0.int(0)):\($0.blob(1))" }
        let postgresBodies = try postgres.query("SELECT id, body FROM events ORDER BY id").map { row in
            guard case .bytes(let body) = try row.value("body") else { return "not bytes" }
            return "\(try row.integer("id")):\(body)"
        }
        #expect(postgresBodies == sqliteBodies)
        let liveLeads = try sqlite.scalar("SELECT count(*) FROM leads WHERE merged_into IS NULL")
        #expect(try postgres.query("SELECT count(*) AS n FROM lead_search").first?.integer("n") == liveLeads)
        let maxNote = try sqlite.scalar("SELECT max(id) FROM notes") ?? 0
        let next = try postgres.query(
            "INSERT INTO notes(lead_id, at, author, text) VALUES (1, 1, 'probe', 'probe') RETURNING id")
        #expect(try next.first?.integer("id") == maxNote + 1)
        try postgres.query("DELETE FROM notes WHERE author = 'probe'")

        // And back to a new SQLite file: every verb reads the same.
        let back = store.directory.file("back/crm.sqlite")
        let returned = try store.run(["migrate", "--to", back], db: url)
        #expect(returned.status == 0, "\(returned.stdout)\(returned.stderr)")
        #expect(!(returned.stdout + returned.stderr).contains(secret))
        #expect(Set(summarized(returned.stdout).keys) == Set(schemaTables))
        for verb in [
            ["export", "--format", "json"], ["leads", "--json"], ["events", "--json"], ["tasks", "--json"],
            ["conflicts", "--all", "--json"], ["show", "1", "--json"], ["undo", "--list", "--json"],
            ["leads", "--search", "an", "--json"], ["managers"], ["webhook-url"],
        ] {
            let original = try store.read(verb)
            #expect(try store.read(verb, db: back) == original, "\(verb)")
        }
        let check = try store.run(["check"], db: back)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let copy = try Database(path: back, create: false)
        let messages = try sqlite.scalar("SELECT count(*) FROM messages")
        let queued = try sqlite.scalar("SELECT count(*) FROM outbox")
        #expect(try copy.scalar("SELECT count(*) FROM message_search") == messages)
        #expect(try copy.scalar("SELECT count(*) FROM outbox") == queued)
    }

    @Test func aNonEmptyTargetIsRefused() throws {
        let store = try FilledStore()
        let cluster = try PostgresCluster()
        try cluster.createDatabase("crm")
        let url = cluster.url(database: "crm", password: "never-Shown-42")
        #expect(try store.run(["migrate", "--to", url]).status == 0)

        let again = try store.run(["migrate", "--to", url])
        #expect(again.status == 1)
        #expect(again.stderr.contains("is not empty"), "\(again.stderr)")
        #expect(again.stderr.contains("empty PostgreSQL database"), "\(again.stderr)")
        #expect(!(again.stdout + again.stderr).contains("never-Shown-42"))

        let other = try FilledStore()
        let intoSQLite = try store.run(["migrate", "--to", other.path], db: url)
        #expect(intoSQLite.status == 1)
        #expect(intoSQLite.stderr.contains("is not empty"), "\(intoSQLite.stderr)")

        let foreignFile = store.directory.file("other-app.sqlite")
        _ = try Database(path: foreignFile).execute("CREATE TABLE photos(id INTEGER PRIMARY KEY)")
        let intoForeignFile = try store.run(["migrate", "--to", foreignFile])
        #expect(intoForeignFile.status == 1)
        #expect(intoForeignFile.stderr.contains("not a jivocrm store"), "\(intoForeignFile.stderr)")

        let foreignDatabase = try cluster.createDatabase("photos")
        _ = try cluster.psql("CREATE TABLE photos(id bigint PRIMARY KEY)", database: "photos")
        let intoForeignDatabase = try store.run(["migrate", "--to", foreignDatabase])
        #expect(intoForeignDatabase.status == 1)
        #expect(intoForeignDatabase.stderr.contains("no jivocrm schema"), "\(intoForeignDatabase.stderr)")
        #expect(
            try cluster.psql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", database: "photos") == "1\n")

        let itself = try store.run(["migrate", "--to", store.path])
        #expect(itself.status == 1)
        #expect(itself.stderr.contains("the target is the source"), "\(itself.stderr)")
    }

    @Test func migrateNeedsATarget() throws {
        let store = TemporaryDirectory()
        let result = try JivoCRMBinary.run(["migrate"], home: store.path)
        #expect(result.status == 2)
        #expect(result.stderr.contains("missing --to ADDRESS"), "\(result.stderr)")
    }
}
