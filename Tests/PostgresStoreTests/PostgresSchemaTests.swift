import CRMStore
import Foundation
import PostgresClient
import Testing
import TestSupport

/// The store on PostgreSQL so far: its address, the schema `jivocrm init` creates (once, under
/// a lock, matching SQLite's), and a clear refusal from the verbs that do not run on it yet.
@Suite struct PostgresSchemaTests {
    @Test func anAddressChoosesTheEngine() {
        #expect(StoreAddress("/var/lib/jivocrm/crm.sqlite") == .sqlite(path: "/var/lib/jivocrm/crm.sqlite"))
        #expect(StoreAddress("postgres.sqlite").engine == "SQLite")
        #expect(StoreAddress("postgresql://crm@db/crm").engine == "PostgreSQL")
        #expect(StoreAddress("postgres://crm:hunter2@db/crm").description == "postgres://crm:***@db/crm")
    }

    @Test(
        "an address that would be taken for a SQLite path by mistake is refused, naming it without its password",
        arguments: [
            ("postgresql:/crm", StoreAddressError.Problem.notPostgresURL, "'postgresql:/crm' looks like a URL"),
            ("postgresq://jivocrm@/crm?host=/tmp/x", .notPostgresURL, "'postgresq://jivocrm@/crm?host=/tmp/x' looks"),
            ("pgsql://jivocrm@/crm", .notPostgresURL, "'pgsql://jivocrm@/crm' looks like a URL"),
            ("PGSQL://crm:hunter2@db/crm", .notPostgresURL, "'PGSQL://crm:***@db/crm' looks like a URL"),
            ("postgresql:crm", .notPostgresURL, "'postgresql:crm' looks like a URL"),
            ("file:/var/lib/crm.sqlite", .notPostgresURL, "'file:/var/lib/crm.sqlite' looks like a URL"),
            (" postgresql://jivocrm@/crm?host=/tmp/x", .whiteSpace, "' postgresql://jivocrm@/crm?host=/tmp/x' has"),
            ("postgres://crm:hunter2@db/crm\n", .whiteSpace, "'postgres://crm:***@db/crm\n' has white space"),
            ("crm.sqlite\t", .whiteSpace, "'crm.sqlite\t' has white space around it"),
            ("", .empty, "'' names no store"),
        ])
    func aMistypedAddressIsRefused(text: String, problem: StoreAddressError.Problem, start: String) {
        #expect(throws: StoreAddressError.self) { try StoreAddress(validating: text) }
        do {
            _ = try StoreAddress(validating: text)
        } catch {
            #expect(error.problem == problem)
            #expect(error.description.hasPrefix(start), "\(error)")
            #expect(error.description.contains("a SQLite file's path or a postgresql://… or postgres://… URL"))
            #expect(!error.description.contains("hunter2"))
        }
    }

    @Test(arguments: [
        "/var/lib/jivocrm/crm.sqlite", "crm.sqlite", "./postgresql:/crm", "my crm.sqlite", "data/crm:2024.sqlite",
        "postgresql://jivocrm@/crm?host=/tmp/x", "POSTGRES://crm@db/crm", "postgresql:///crm?host=/run/postgresql",
    ])
    func anAddressThatIsNoMistakeIsTaken(text: String) throws {
        #expect(try StoreAddress(validating: text) == StoreAddress(text))
    }

    @Test func theSchemaHasSQLitesTablesColumnsAndIndexes() throws {
        let directory = TemporaryDirectory()
        let sqlitePath = directory.file("crm.sqlite")
        let created = try JivoCRMBinary.run(
            ["init", "--db", sqlitePath], environment: JivoCRMBinary.environment(home: directory.path))
        #expect(created.status == 0, "\(created.stderr)")
        let sqlite = try Database(path: sqlitePath, create: false)
        let sqliteColumns = try sqlite.rows(
            """
            SELECT m.name || '.' || p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
            WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE 'lead_search%'
                AND m.name NOT LIKE 'message_search%'
            """
        ) { $0.text(0) }
        let sqliteIndexes = try sqlite.rows(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex_%'"
        ) { $0.text(0) }

        let cluster = try PostgresCluster()
        let address = try #require(PostgresAddress(cluster.createDatabase("crm")))
        #expect(try PostgresSchema.prepare(address) == Int(PostgresSchema.currentVersion))
        let connection = try PostgresConnection(address)
        let postgresColumns = try connection.query(
            """
            SELECT table_name || '.' || column_name AS name FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name NOT IN ('schema_version', 'lead_search')
                AND is_generated = 'NEVER'
            """
        ).map { try $0.text("name") }
        let generatedColumns = try connection.query(
            """
            SELECT table_name || '.' || column_name AS name FROM information_schema.columns
            WHERE table_schema = 'public' AND is_generated <> 'NEVER'
            """
        ).map { try $0.text("name") }
        let postgresIndexes = try connection.query("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")
            .map { try $0.text("indexname") }
        #expect(Set(postgresColumns) == Set(sqliteColumns))
        #expect(Set(generatedColumns) == ["lead_search.folded", "messages.folded"])
        #expect(Set(sqliteIndexes).subtracting(postgresIndexes).isEmpty)
        #expect(Set(postgresIndexes).isSuperset(of: ["lead_search_text", "message_search"]))
    }

    @Test func theSchemaKeepsSQLitesRulesThatQueriesRelyOn() throws {
        let cluster = try PostgresCluster()
        let address = try #require(PostgresAddress(cluster.createDatabase("crm")))
        try PostgresSchema.prepare(address)
        let connection = try PostgresConnection(address)
        try connection.query("INSERT INTO managers(login, name, created_at) VALUES ('Anna', 'Anna', 1)")
        #expect(try connection.query("SELECT id FROM managers WHERE login = 'ANNA'").count == 1)
        #expect(throws: PostgresError.self) {
            try connection.query("INSERT INTO managers(login, name, created_at) VALUES ('anna', 'A', 1)")
        }
        try connection.query("INSERT INTO forward_targets VALUES ('http://127.0.0.1:9/hook')")
        for status in ["applied", "duplicate"] {
            try connection.query(
                "INSERT INTO events(received_at, body, body_hash, status) VALUES (1, $1, $1, $2)",
                [.bytes([1, 2]), .text(status)])
        }
        #expect(try connection.query("SELECT event_id FROM outbox").map { try $0.integer("event_id") } == [1])
        try connection.query("INSERT INTO lead_search VALUES (7, 'Ольга Petrova +7 999 829-15-50')")
        #expect(try connection.query("SELECT lead_id FROM lead_search WHERE text ILIKE '%ОЛЬГ%'").count == 1)
    }

    /// Version 3 gives every table a statement trigger that notifies the change channel; a store
    /// made before it (version 2) gains them when next opened, and `init` says it is up to date.
    @Test func everyTableNotifiesItsChangesAndAStoreMadeBeforeThemGainsTheTriggers() throws {
        let (cluster, address) = try Self.upgraded(
            rolledBack: Self.undoFoldedSearchText
                + "DROP FUNCTION notify_change() CASCADE; DELETE FROM schema_version WHERE version = 3")
        #expect(
            try cluster.psql("SELECT max(version) FROM schema_version", database: "crm").trimmingCharacters(
                in: .whitespacesAndNewlines) == String(PostgresSchema.currentVersion))
        let untriggered = try cluster.psql(
            """
            SELECT t.tablename FROM pg_tables t WHERE t.schemaname = 'public' AND t.tablename <> 'schema_version'
                AND NOT EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = to_regclass(t.tablename)
                    AND g.tgname = t.tablename || '_changed')
            """, database: "crm")
        #expect(
            untriggered.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
            "tables without a change trigger: \(untriggered)")
        let listener = try PostgresConnection(address)
        try listener.listen(PostgresSchema.changeChannel)
        let writer = try PostgresConnection(address)
        try writer.transaction {
            try writer.query("INSERT INTO settings VALUES ('a', '1')")
            try writer.query("UPDATE settings SET value = '2'")
            try writer.query("DELETE FROM notes")
        }
        var received: [PostgresNotification] = []
        for _ in 0..<100 where received.isEmpty { received = try listener.notifications(waitingAtMost: 100) }
        #expect(received.map(\.channel) == [PostgresSchema.changeChannel], "one notification per transaction")
        #expect(try listener.notifications(waitingAtMost: 200).isEmpty)
        try writer.query("SELECT count(*) FROM leads")
        #expect(try listener.notifications(waitingAtMost: 200).isEmpty, "a read notifies nothing")
    }

    /// Version 4 stores the searched text folded; a store made before it (version 3) gains the
    /// folded columns, filled from its rows, analyzed, and the trigram indexes on them when next
    /// opened.
    /// `lower(text) LIKE lower(pattern)` answers as `ILIKE` does, in every script and with `%`
    /// and `_` taken literally when escaped.
    @Test func aStoreMadeBeforeTheFoldedSearchTextGainsItFilledFromItsRows() throws {
        let (cluster, address) = try Self.upgraded(
            rolledBack: Self.undoFoldedSearchText
                + "INSERT INTO lead_search VALUES (7, 'Ольга ΣΊΣΥΦΟΣ İstanbul Iğdır CRÈME Straße 50%_off');")
        defer { withExtendedLifetime(cluster) {} }
        let connection = try PostgresConnection(address)
        #expect(
            try connection.query("SELECT max(version) AS v FROM schema_version").first?.integer("v")
                == PostgresSchema.currentVersion)
        #expect(
            try connection.query("SELECT lead_id FROM lead_search WHERE folded = lower(text)").map {
                try $0.integer("lead_id")
            } == [7])
        let indexes = try connection.query(
            "SELECT indexdef FROM pg_indexes WHERE indexname IN ('lead_search_text', 'message_search')"
        ).map { try $0.text("indexdef") }
        #expect(indexes.count == 2 && indexes.allSatisfy { $0.contains("gin (folded gin_trgm_ops)") }, "\(indexes)")
        #expect(
            try connection.query(
                "SELECT tablename::text AS t FROM pg_stats WHERE attname = 'folded' ORDER BY tablename"
            ).map { try $0.text("t") } == ["lead_search"], "the planner has statistics on the folded text")
        let patterns = [
            "%ольга%", "%ОЛЬГА%", "%σίσυφος%", "%ΣΊΣΥΦΟΣ%", "%istanbul%", "%İSTANBUL%", "%ığdır%", "%IĞDIR%",
            "%crème%", "%creme%", "%STRASSE%", "%straße%", "%50\\%\\_off%", "%50\\%x%", "%0_\\_%", "%missing%",
        ]
        for pattern in patterns {
            let answers = try connection.query(
                """
                SELECT (text ILIKE $1) AS ilike, (folded LIKE lower($1)) AS folded,
                    EXISTS (SELECT 1 FROM lead_search WHERE folded LIKE lower($1)) AS indexed
                FROM lead_search WHERE lead_id = 7
                """, [.text(pattern)]
            ).first
            let ilike = try answers?.value("ilike")
            #expect(ilike == (try answers?.value("folded")), "\(pattern)")
            #expect(ilike == (try answers?.value("indexed")), "\(pattern)")
        }
    }

    /// Version 6 keeps the name each chat's visitor gave; a store made before it (version 5)
    /// gains the column when next opened, its chats as they were.
    @Test func aStoreMadeBeforeTheChatVisitorNameGainsIt() throws {
        let (cluster, address) = try Self.upgraded(
            rolledBack: Self.undoChatVisitorName
                + """
                INSERT INTO leads(id, title, created_at, updated_at, last_activity_at) VALUES (4, 'Lead', 1, 1, 1);
                INSERT INTO chats(lead_id, widget_id, chat_id, started_at) VALUES (4, 'w1', '77', 5);
                """)
        defer { withExtendedLifetime(cluster) {} }
        let connection = try PostgresConnection(address)
        let chats = try connection.query("SELECT chat_id, visitor_name FROM chats").map {
            try $0.text("chat_id") + " " + (try $0.optionalText("visitor_name") ?? "NULL")
        }
        #expect(chats == ["77 NULL"])
        #expect(
            try connection.query("SELECT max(version) AS version FROM schema_version").first?.integer("version") == 6)
    }

    /// A new store on a new server with `sql` run on it (a schema rolled back to an older
    /// version), then brought up to date by `jivocrm init`, which says so.
    /// Version 5 indexes only the events not applied; a store made before it (version 4) loses
    /// the index of every event by status and gains that one when next opened, holding exactly
    /// the events not applied.
    @Test func aStoreMadeBeforeTheIndexOfTheUnappliedGainsIt() throws {
        let (cluster, address) = try Self.upgraded(
            rolledBack: Self.undoEventsUnapplied
                + """
                INSERT INTO events(received_at, body, body_hash, status)
                    SELECT n, '\\x7b7d', int8send(n), (ARRAY['applied', 'duplicate', 'quarantined', 'failed'])[n % 4 + 1]
                    FROM generate_series(1, 12) AS n;
                """)
        defer { withExtendedLifetime(cluster) {} }
        let connection = try PostgresConnection(address)
        let definitions = try connection.query(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname IN ('events_status', 'events_unapplied')"
        ).map { try $0.text("indexname") + ": " + $0.text("indexdef") }
        #expect(
            definitions == [
                "events_unapplied: CREATE INDEX events_unapplied ON public.events USING btree (status, id) "
                    + "WHERE (status <> 'applied'::text)"
            ])
        // The index holds the nine events not applied: counted through it, they are all there.
        try connection.query("SET enable_seqscan = off")
        let count = "SELECT count(*) AS n FROM events WHERE status <> 'applied'"
        let plan = try connection.query("EXPLAIN " + count).map { try $0.text("QUERY PLAN") }.joined(separator: "\n")
        #expect(plan.contains("events_unapplied"), "\(plan)")
        #expect(try connection.query(count).first?.integer("n") == 9)
    }

    private static func upgraded(rolledBack sql: String) throws -> (PostgresCluster, PostgresAddress) {
        let cluster = try PostgresCluster()
        let url = try cluster.createDatabase("crm")
        let address = try #require(PostgresAddress(url))
        try PostgresSchema.prepare(address)
        _ = try cluster.psql(sql, database: "crm")
        let directory = TemporaryDirectory()
        let upgraded = try JivoCRMBinary.run(
            ["init", "--db", url], environment: JivoCRMBinary.environment(home: directory.path))
        #expect(upgraded.stdout.contains("is up to date"), "\(upgraded.stdout)\(upgraded.stderr)")
        return (cluster, address)
    }

    /// Takes a current store back to version 4, as it was before the index of the events not
    /// applied.
    static let undoEventsUnapplied =
        undoChatVisitorName + """
            DROP INDEX events_unapplied; CREATE INDEX events_status ON events(status, id);
            DELETE FROM schema_version WHERE version = 5;
            """

    /// Takes a current store back to version 5, as it was before each chat kept its visitor's name.
    static let undoChatVisitorName = """
        ALTER TABLE chats DROP COLUMN visitor_name;
        DELETE FROM schema_version WHERE version = 6;
        """

    /// Takes a current store back to version 3, as it was before the folded search text.
    static let undoFoldedSearchText =
        undoEventsUnapplied + """
            DROP INDEX lead_search_text; ALTER TABLE lead_search DROP COLUMN folded;
            CREATE INDEX lead_search_text ON lead_search USING gin (text gin_trgm_ops);
            DROP INDEX message_search; ALTER TABLE messages DROP COLUMN folded;
            CREATE INDEX message_search ON messages USING gin (text gin_trgm_ops);
            DELETE FROM schema_version WHERE version = 4;
            """

    @Test func initAtOnceOnOneDatabaseCreatesTheSchemaOnce() throws {
        let cluster = try PostgresCluster()
        let url = try cluster.createDatabase("crm")
        let directory = TemporaryDirectory()
        let environment = JivoCRMBinary.environment(home: directory.path)
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            results.append(
                Result { try JivoCRMBinary.run(["init", "--db", url], environment: environment) })
        }
        let outputs = try results.all.map { try $0.get() }
        #expect(outputs.allSatisfy { $0.status == 0 }, "\(outputs.map(\.stderr))")
        #expect(outputs.filter { $0.stdout.hasPrefix("created the PostgreSQL store at postgresql://") }.count == 1)
        #expect(outputs.filter { $0.stdout.contains("is up to date") }.count == 3)
        let versions = try cluster.psql("SELECT version FROM schema_version ORDER BY version", database: "crm")
        #expect(versions.split(separator: "\n") == (1...PostgresSchema.currentVersion).map { "\($0)"[...] })
        let again = try JivoCRMBinary.run(["init", "--db", url], environment: environment)
        #expect(again.stdout.contains("is up to date"))
    }

    /// `check` on a database without jivocrm's schema says so and how to create it, not that a
    /// store is damaged.
    @Test func checkOnAnEmptyDatabaseSaysToRunInit() throws {
        let cluster = try PostgresCluster()
        let url = try cluster.createDatabase("crm")
        let directory = TemporaryDirectory()
        let result = try JivoCRMBinary.run(
            ["check", "--db", url], environment: JivoCRMBinary.environment(home: directory.path))
        #expect(result.status == 1)
        #expect(result.stderr.contains("holds no jivocrm schema"), "\(result.stderr)")
        #expect(result.stderr.contains("run `jivocrm init --db ADDRESS` as the database's owner"), "\(result.stderr)")
        #expect(!result.stderr.contains("damaged") && !result.stderr.contains("backup"), "\(result.stderr)")
    }

    @Test func initReadsLibpqsVariablesAndParameters() throws {
        let cluster = try PostgresCluster()
        try cluster.createDatabase("crm")
        let directory = TemporaryDirectory()
        let libpq = ["PGHOST": cluster.socketDirectory, "PGPORT": String(cluster.port), "PGUSER": cluster.superuser]
        let run = { (url: String, extra: [String: String]) in
            try JivoCRMBinary.run(
                ["init", "--db", url], environment: JivoCRMBinary.environment(home: directory.path, extra))
        }
        let created = try run("postgresql:///crm", libpq)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout == "created the PostgreSQL store at postgresql:///crm\n")
        let badParameter = try run("postgresql:///crm?sslmode=sometimes", libpq)
        #expect(badParameter.status == 1)
        #expect(badParameter.stderr.contains("sslmode"), "\(badParameter.stderr)")
        let badVariable = try run("postgresql:///crm", libpq.merging(["PGSSLMODE": "sometimes"]) { $1 })
        #expect(badVariable.status == 1)
        #expect(badVariable.stderr.contains("sslmode"), "\(badVariable.stderr)")
        _ = try cluster.psql("GRANT SELECT ON schema_version TO \(cluster.passwordRole)", database: "crm")
        let password = try run(
            "postgresql://\(cluster.passwordRole)@/crm",
            libpq.merging(["PGUSER": cluster.passwordRole, "PGPASSWORD": cluster.password]) { $1 })
        #expect(password.status == 0, "\(password.stderr)")
        #expect(password.stdout.contains("is up to date"))
        try cluster.createDatabase("empty")
        let unprivileged = try run(
            "postgresql://\(cluster.passwordRole)@/empty",
            libpq.merging(["PGUSER": cluster.passwordRole, "PGPASSWORD": cluster.password]) { $1 })
        #expect(unprivileged.status == 1)
        #expect(
            unprivileged.stderr.contains("run `jivocrm init` once as the database's owner"), "\(unprivileged.stderr)")
    }

    @Test func initAtOnceOnOneSQLitePathCreatesTheStoreOnce() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("crm.sqlite")
        let environment = JivoCRMBinary.environment(home: directory.path)
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            results.append(
                Result {
                    try JivoCRMBinary.run(["init", "--db", path], environment: environment)
                })
        }
        let outputs = try results.all.map { try $0.get() }
        #expect(outputs.allSatisfy { $0.status == 0 }, "\(outputs.map(\.stderr))")
        let alone = directory.file("alone.sqlite")
        _ = try JivoCRMBinary.run(["init", "--db", alone], environment: environment)
        let schema = "SELECT count(*) FROM sqlite_master"
        let (raced, reference) = try (Database(path: path, create: false), Database(path: alone, create: false))
        #expect(try raced.userVersion == reference.userVersion)
        #expect(try raced.scalar(schema) == reference.scalar(schema))
    }

    @Test func initOnSQLiteCreatesTheFileThenFindsItCurrent() throws {
        let directory = TemporaryDirectory()
        let environment = JivoCRMBinary.environment(home: directory.path)
        let path = directory.file("crm.sqlite")
        let first = try JivoCRMBinary.run(["init", "--db", path], environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == "created the SQLite store at \(path)\n")
        let second = try JivoCRMBinary.run(["init", "--db", path], environment: environment)
        #expect(second.stdout == "the SQLite store at \(path) is up to date\n")
        let leads = try JivoCRMBinary.run(
            ["leads", "--json", "--db", path], environment: environment)
        #expect(leads.status == 0, "\(leads.stderr)")
    }

    @Test func verbsOnAnUnreachablePostgresSaySoWithoutThePassword() throws {
        let directory = TemporaryDirectory()
        let url = "postgresql://crm:Hunter2-secret@/crm?host=\(directory.path)/nowhere"
        try "db = \(url)\n".write(toFile: directory.file("config"), atomically: true, encoding: .utf8)
        try "name,email\nTom,tom@example.com\n".write(
            toFile: directory.file("people.csv"), atomically: true, encoding: .utf8)
        let cases: [(arguments: [String], extra: [String: String])] = [
            (["--db", url], [:]), (["init", "--db", url], [:]), (["serve", "--db", url], [:]),
            (["import", directory.file("people.csv"), "--db", url], [:]),
            (["replay", "--into", directory.file("new.sqlite")], ["JIVOCRM_DB": url]),
            (["check"], ["JIVOCRM_CONFIG": directory.file("config")]), (["erase", "1", "--yes", "--db", url], [:]),
            (["doctor", "--db", url], [:]),
        ]
        for (arguments, extra) in cases {
            let result = try JivoCRMBinary.run(
                arguments, environment: JivoCRMBinary.environment(home: directory.path, extra))
            let output = result.stdout + result.stderr
            #expect(result.status == 1)
            #expect(
                output.contains("cannot connect to PostgreSQL at postgresql://crm:***@/crm"), "\(arguments): \(output)")
            #expect(!output.contains("Hunter2"))
        }
    }
}

/// Results gathered from concurrent work.
private final class Results: @unchecked Sendable {
    // Safety: `values` is only touched under `lock`.
    private let lock = NSLock()
    private var values: [Result<CommandResult, any Error>] = []

    func append(_ value: Result<CommandResult, any Error>) { lock.withLock { values.append(value) } }

    var all: [Result<CommandResult, any Error>] { lock.withLock { values } }
}
