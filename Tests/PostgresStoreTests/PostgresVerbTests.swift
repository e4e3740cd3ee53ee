import CRMStore
import Foundation
import JivoProtocol
import Testing
import TestSupport

/// The read and operator verbs on PostgreSQL print what they print on SQLite: the same events
/// go into a SQLite store and a PostgreSQL one, the same commands run on each, and their
/// output (times aside) is the same.
@Suite("verbs on PostgreSQL", .serialized)
struct PostgresVerbTests {
    @Test("read verbs and operator verbs give the same output on both engines")
    func sameOutputOnBothEngines() throws {
        let cluster = try PostgresCluster()
        let directory = TemporaryDirectory(prefix: "jivocrm-pg-verbs")
        let stores = [directory.file("crm.sqlite"), try cluster.createDatabase("crm")]
        for address in stores { try Self.seed(address) }
        let leads = try JivoCRMBinary.run(
            ["leads", "--json", "--db", stores[1]], environment: JivoCRMBinary.environment(home: directory.path))
        #expect(leads.stdout.contains("tom@example.com") && leads.stdout.contains("olga@example.com"))
        let steps: [[String]] = [
            ["leads", "--json"], ["show", "1", "--json"], ["show", "2", "--json"], ["events", "--json"],
            ["events", "--status", "quarantined", "--json"], ["tasks", "--json"], ["conflicts", "--all", "--json"],
            ["leads"], ["tasks", "--open"], ["conflicts"], ["leads", "--search", "tom", "--json"],
            ["leads", "--search", "916 123", "--json"], ["leads", "--search", "+7 916 123-45-67", "--json"],
            ["leads", "--search", "an", "--json"], ["leads", "--search", "#2", "--json"],
            ["leads", "--search", "доставка", "--json"], ["leads", "--search", "ДОСТАВКА", "--json"],
            ["leads", "--sort", "name", "--json"], ["leads", "--sort", "due", "--json"],
            ["leads", "--sort", "created", "--limit", "2", "--json"], ["leads", "--tasks", "--json"],
            ["leads", "--conflicts", "--json"], ["leads", "--unassigned", "--json"], ["export", "--format", "csv"],
            ["export", "--format", "vcard"], ["export", "--format", "json"],
            ["export", "--format", "csv", "--since", "2020-01-01", "--status", "unsorted"],
        ]
        let search = try JivoCRMBinary.run(
            ["leads", "--search", "доставка", "--json", "--db", stores[1]],
            environment: JivoCRMBinary.environment(home: directory.path))
        #expect(search.stdout.contains("\"id\""), "a transcript search finds its lead: \(search.stdout)")
        for arguments in steps {
            let outputs = try stores.map { address in
                try JivoCRMBinary.run(
                    arguments + ["--db", address], environment: JivoCRMBinary.environment(home: directory.path))
            }
            #expect(outputs.map(\.status) == [0, 0], "\(arguments): \(outputs.map(\.stderr))")
            #expect(outputs[1].stdout.count > 40, "\(arguments): \(outputs[1].stdout)")
            #expect(
                Self.timeless(outputs[0].stdout) == Self.timeless(outputs[1].stdout),
                "\(arguments):\n\(outputs[0].stdout)\n---\n\(outputs[1].stdout)")
        }
    }

    @Test("operator verbs change both engines' stores alike")
    func operatorVerbsOnBothEngines() throws {
        let cluster = try PostgresCluster()
        let directory = TemporaryDirectory(prefix: "jivocrm-pg-operator")
        let stores = [directory.file("crm.sqlite"), try cluster.createDatabase("crm")]
        for address in stores { try Self.seed(address) }
        let steps: [[String]] = [
            ["managers", "add", "boss@example.com", "--name", "Boss", "--default"],
            ["managers", "add", "anna@example.com", "--name", "Anna"], ["managers", "--json"],
            ["status", "1", "qualified"], ["assign", "2", "boss@example.com"],
            ["assign", "--unassigned", "anna@example.com"], ["note", "add", "1", "Called, no answer"],
            ["note", "edit", "1", "Called twice"], ["edit", "2", "--name", "Ann Lee-Smith", "--description", "VIP"],
            ["field", "1", "--set", "Budget=100k"], ["task", "add", "2", "Send the offer"], ["done", "1"],
            ["task", "reopen", "1"], ["done", "--leads", "2"], ["contacts", "1"],
            ["contacts", "1", "add", "phone", "+7 903 946 82 00"], ["contacts", "1", "move", "email", "2", "1"],
            ["conflicts", "--all", "--json"], ["resolve", "1", "--keep-current"], ["undo", "--list", "--json"],
            ["undo"], ["merge", "4", "1"], ["show", "1", "--json"], ["unmerge", "1"], ["note", "delete", "1"],
            ["status", "1", "2", "won"], ["managers", "deactivate", "anna@example.com"],
        ]
        let reads: [[String]] = [
            ["leads", "--json"], ["tasks", "--json"], ["conflicts", "--all", "--json"], ["events", "--json"],
        ]
        let shows = (1...5).map { ["show", String($0), "--json"] }
        for arguments in steps + reads + shows {
            let outputs = try stores.map { address in
                try JivoCRMBinary.run(
                    arguments + ["--db", address], environment: JivoCRMBinary.environment(home: directory.path))
            }
            #expect(outputs[0].status == outputs[1].status, "\(arguments): \(outputs.map(\.stderr))")
            #expect(!outputs[1].stderr.contains("PostgreSQL at"), "\(arguments): \(outputs[1].stderr)")
            #expect(
                Self.timeless(outputs[0].stdout) == Self.timeless(outputs[1].stdout),
                "\(arguments):\n\(outputs[0].stdout)\n---\n\(outputs[1].stdout)")
            #expect(
                Self.timeless(outputs[0].stderr)
                    == Self.timeless(outputs[1].stderr.replacing(stores[1], with: stores[0])),
                "\(arguments):\n\(outputs[0].stderr)\n---\n\(outputs[1].stderr)")
        }
    }

    @Test("the data verbs (check, doctor, import, replay, erase, simulate) give the same output on both engines")
    func dataVerbsOnBothEngines() throws {
        let cluster = try PostgresCluster()
        let directory = TemporaryDirectory(prefix: "jivocrm-pg-data")
        let stores = [directory.file("crm.sqlite"), try cluster.createDatabase("crm")]
        let replays = [directory.file("replayed.sqlite"), try cluster.createDatabase("replayed")]
        for address in stores { try Self.seed(address) }
        let people = directory.file("people.csv")
        try
            "name,email,phone,Budget\nTom Clifton,tom@example.com,+7 999 111 22 33,100k\nNina New,nina@example.com,,5k\n"
            .write(toFile: people, atomically: true, encoding: .utf8)
        let cards = directory.file("people.vcf")
        try "BEGIN:VCARD\nVERSION:3.0\nFN:Victor Card\nEMAIL:victor@example.com\nTEL:+7 903 000 11 22\nEND:VCARD\n"
            .write(toFile: cards, atomically: true, encoding: .utf8)
        let environment = JivoCRMBinary.environment(home: directory.path)
        /// Runs `arguments` on both stores (`<replay>` standing for each one's replay target);
        /// expects the same status and output, the PostgreSQL addresses read as the SQLite paths.
        func same(_ arguments: [String], on stores: [String]) throws {
            let outputs = try stores.indices.map { index in
                try JivoCRMBinary.run(
                    arguments.map { $0 == "<replay>" ? replays[index] : $0 } + ["--db", stores[index]],
                    environment: environment)
            }
            let comparable = { (text: String) in
                Self.timeless(text.replacing(stores[1], with: stores[0]).replacing(replays[1], with: replays[0]))
                    .replacing(/\d+h \d+m ago/, with: "<age> ago")
                    .replacing(/127\.0\.0\.1:\d+/, with: "<listener>")
            }
            #expect(outputs[0].status == outputs[1].status, "\(arguments): \(outputs.map(\.stderr))")
            #expect(!outputs[1].stderr.contains("does not run on PostgreSQL"), "\(arguments): \(outputs[1].stderr)")
            #expect(
                comparable(outputs[0].stdout) == comparable(outputs[1].stdout),
                "\(arguments):\n\(outputs[0].stdout)\n---\n\(outputs[1].stdout)")
            #expect(
                comparable(outputs[0].stderr) == comparable(outputs[1].stderr),
                "\(arguments):\n\(outputs[0].stderr)\n---\n\(outputs[1].stderr)")
        }
        let steps: [[String]] = [
            ["check"], ["doctor", "--listen", "127.0.0.1:1"], ["import", people], ["import", cards],
            ["leads", "--json"],
            ["conflicts", "--all", "--json"], ["show", "1", "--json"], ["replay", "--into", "<replay>"],
            ["erase", "2", "--yes"], ["erase", "2", "--yes"], ["leads", "--json"], ["events", "--json"],
            ["export", "--format", "json"], ["check"],
        ]
        for arguments in steps { try same(arguments, on: stores) }
        for arguments in [["leads", "--json"], ["events", "--json"], ["conflicts", "--all", "--json"], ["check"]] {
            try same(arguments, on: replays)
        }
        var servers = try stores.map {
            try ServeProcess(
                database: $0, home: directory.path, logPath: directory.file("serve-\(UUID().uuidString).log"))
        }
        let simulated = try servers.map { server in
            try JivoCRMBinary.run(
                [
                    "simulate", "--url", "http://127.0.0.1:\(server.port)\(server.webhookPath)", "--count", "30",
                    "--seed",
                    "7",
                ], environment: environment)
        }
        #expect(simulated.map(\.status) == [0, 0], "\(simulated.map(\.stderr))")
        #expect(
            simulated[0].stdout.replacing(/127\.0\.0\.1:\d+/, with: "<listener>")
                == simulated[1].stdout.replacing(/127\.0\.0\.1:\d+/, with: "<listener>"),
            "\(simulated[0].stdout)\n---\n\(simulated[1].stdout)")
        for server in servers { _ = server.stop() }
        servers.removeAll()
        for arguments in [["leads", "--json"], ["tasks", "--json"], ["conflicts", "--all", "--json"], ["check"]] {
            try same(arguments, on: stores)
        }
        // Ids a rolled-back dry run took are not given again on PostgreSQL (sequences do not roll
        // back), so the dry runs come last.
        for arguments in [["import", people, "--dry-run"], ["erase", "3"]] { try same(arguments, on: stores) }
    }

    @Test("a verb on a database without jivocrm's schema refuses it and creates nothing there; init creates it")
    func onlyInitCreatesTheSchema() throws {
        let cluster = try PostgresCluster()
        let directory = TemporaryDirectory(prefix: "jivocrm-pg-noschema")
        let url = try cluster.createDatabase("postgres_typo")
        func run(_ arguments: [String]) throws -> CommandResult {
            try JivoCRMBinary.run(
                arguments + ["--db", url], environment: JivoCRMBinary.environment(home: directory.path))
        }
        func tables() throws -> String {
            try cluster.psql(
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", database: "postgres_typo"
            ).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        for verb in [
            ["leads"], ["webhook-url"], ["managers", "add", "anna@example.com", "--name", "Anna"], ["doctor"],
        ] {
            let result = try run(verb)
            #expect(result.status == 1, "\(verb): \(result.stdout)\(result.stderr)")
            #expect(
                (result.stdout + result.stderr).contains(
                    "holds no jivocrm schema: if it is the store meant, run `jivocrm init`"),
                "\(verb): \(result.stdout)\(result.stderr)")
        }
        #expect(try tables() == "0")
        #expect(try run(["init"]).status == 0)
        #expect(try tables() != "0")
        #expect(try run(["leads"]).status == 0)
    }

    @Test("the token verbs run on PostgreSQL")
    func tokenVerbs() throws {
        let cluster = try PostgresCluster()
        let directory = TemporaryDirectory(prefix: "jivocrm-pg-token")
        let url = try cluster.createStore("crm")
        let environment = JivoCRMBinary.environment(home: directory.path)
        let run = { (arguments: [String]) in
            try JivoCRMBinary.run(arguments + ["--db", url], environment: environment)
        }
        let first = try run(["webhook-url"])
        #expect(first.status == 0, "\(first.stderr)")
        let rotated = try run(["token", "rotate", "--yes"])
        #expect(rotated.status == 0, "\(rotated.stderr)")
        let second = try run(["webhook-url"])
        #expect(second.status == 0 && second.stdout != first.stdout, "\(second.stdout) \(second.stderr)")
        let visitor = try run(["token", "visitor", "--email", "tom@example.com"])
        #expect(visitor.status == 0 && !visitor.stdout.isEmpty, "\(visitor.stderr)")
        let key = try run(["token", "visitor-key"])
        #expect(key.status == 0 && key.stdout.count > 32, "\(key.stderr)")
    }

    /// Puts the same events into the store at `address`, at fixed times.
    static func seed(_ address: String) throws {
        let store = try Store(path: address)
        store.clock = { 1_700_000_000_000 }
        let bodies: [[UInt8]] = [
            accepted(
                chat: "1", name: "Tom Clifton", email: "tom@example.com", phone: "+7 916 123 45 67", number: "100"),
            accepted(chat: "2", name: "Ann Lee", email: "ann@example.com", phone: nil, number: "200"),
            JSONValue.object([
                "event_name": .string("offline_message"), "widget_id": .string("w1"),
                "offline_message_id": .string("o1"), "message": .string("Please call me back"),
                "visitor": .object([
                    "name": .string("Offline Olga"), "email": .string("olga@example.com"), "number": .string("300"),
                ]),
            ]).serializedBytes(),
            accepted(chat: "3", name: "Tom Clifton", email: "tom.other@example.com", phone: nil, number: "100"),
            accepted(chat: "4", name: "Ann Lee", email: "ann@example.com", phone: "+7 916 123 45 67", number: "400"),
            accepted(
                chat: "1", name: "Tom Clifton", email: "tom@example.com", phone: "+7 916 123 45 67", number: "100"),
            Array("not json".utf8), Fixtures.bytes("chat_finished_full"),
        ]
        for (index, body) in bodies.enumerated() {
            _ = try store.database.write { try store.ingest(body: body, receivedAt: 1_700_000_000_000 + Int64(index)) }
        }
    }

    /// A chat_accepted for chat `chat` from the visitor described.
    static func accepted(chat: String, name: String, email: String, phone: String?, number: String) -> [UInt8] {
        var visitor: JSONObject = [
            "name": .string(name), "email": .string(email), "number": .string(number),
        ]
        if let phone { visitor["phone"] = .string(phone) }
        return JSONValue.object([
            "event_name": .string("chat_accepted"), "chat_id": .string(chat), "widget_id": .string("w1"),
            "visitor": .object(visitor),
            "agent": .object(["id": .string("1"), "name": .string("Anna"), "email": .string("anna@example.com")]),
        ]).serializedBytes()
    }

    /// `text` with Unix-millisecond times and dates replaced by placeholders.
    static func timeless(_ text: String) -> String {
        text.replacing(/\d{13}/, with: "<ms>").replacing(
            /\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?/, with: "<time>")
    }
}
