import Foundation
import JivoProtocol
import Subprocess
import Testing
import TestSupport

/// The command line's contract, against the built binary: help and version, exit codes with
/// one stderr line, global options anywhere, flags over environment over configuration, the
/// `--json` shapes, and an audit entry for every operator verb.
@Suite struct CommandLineContractTests {
    static let verbs = [
        "console", "serve", "webhook-url", "simulate", "leads", "show", "edit", "contacts", "field", "status", "assign",
        "managers", "conflicts", "resolve", "merge", "unmerge", "undo", "tasks", "done", "task", "note", "events",
        "import", "export", "backup", "restore", "replay", "erase",
        "check", "doctor", "token", "init", "migrate",
    ]

    @Test func versionPrintsOneLineAndExitsZero() throws {
        let crm = try CRMHarness()
        for arguments in [["--version"], ["leads", "--version"]] {
            let result = try crm.runBare(arguments)
            #expect(result.status == 0)
            #expect(
                result.stdout.range(of: #"^jivocrm \d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil,
                "\(result.stdout)")
            #expect(result.stderr.isEmpty)
        }
    }

    @Test func overviewListsEveryVerb() throws {
        let result = try CRMHarness().runBare(["--help"])
        #expect(result.status == 0)
        let listed = result.stdout.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("  "), let word = line.split(separator: " ").first, !word.hasPrefix("-") else {
                return nil
            }
            return String(word)
        }
        #expect(listed == Self.verbs)
    }

    @Test(arguments: verbs)
    func everyVerbHasHelp(verb: String) throws {
        let crm = try CRMHarness()
        for arguments in [[verb, "--help"], ["--help", verb], [verb, "-h"]] {
            let result = try crm.runBare(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(result.stdout.hasPrefix("usage: jivocrm \(verb)"), "\(arguments): \(result.stdout)")
            #expect(result.stdout.contains("--db PATH"))
            #expect(result.stderr.isEmpty)
        }
        // Help never touches the store.
        #expect(!FileManager.default.fileExists(atPath: crm.database))
    }

    @Test(arguments: [
        ["frobnicate"], ["leads", "--bogus"], ["show"], ["show", "abc"], ["status", "1", "sideways"],
        ["leads", "--limit"],
        ["resolve", "1"], ["events", "--status", "weird"], ["edit", "1"], ["show", "1", "2"],
        ["token", "rotate", "--grace", "99999999999999999d"], ["token", "rotate", "--grace", "-1h"],
        ["managers", "fire"],
        ["managers", "add"], ["managers", "list", "extra"],
    ])
    func usageErrorsExitTwo(arguments: [String]) throws {
        let crm = try CRMHarness()
        let result = try crm.runBare(arguments + ["--db", crm.database, "--config", crm.configuration])
        #expect(result.status == 2, "\(arguments): \(result.stdout) \(result.stderr)")
        #expect(result.stderrLines.first?.hasPrefix("jivocrm: ") == true, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: crm.database), "\(arguments): a usage error created the store")
    }

    @Test(
        "a usage error names what is wrong with the words given",
        arguments: [
            (["status", "open"], "jivocrm: missing the lead's ID: give it before 'open'"),
            (["status", "7"], "jivocrm: missing the STATUS (unsorted, open, qualified, won, lost, spam)"),
            (["assign", "anna@example.com"], "jivocrm: missing the lead's ID: give it before 'anna@example.com'"),
            (
                ["webhook-url", "--listen", "bad"],
                "jivocrm: the listen address takes an IPv4 or IPv6 address (127.0.0.1:8080, [::1]:8080, "
                    + "0.0.0.0:8080), not 'bad'; a host name belongs to the proxy in front of the listener"
            ),
            (["export", "--format", "xml"], "jivocrm: unknown format 'xml'; use csv, vcard or json"),
            (["import", "people.csv", "--format", "xml"], "jivocrm: unknown format 'xml'; use csv, vcard or json"),
            (
                ["leads", "--status", "bogus"],
                "jivocrm: unknown status 'bogus'; use one of: unsorted, open, qualified, won, lost, spam"
            ),
            (
                ["show", "1", "--json", "--reply"],
                "jivocrm: give --json (the lead) or --reply (the next reply's JSON), not both"
            ),
        ])
    func usageErrorsSayWhatIsWrong(arguments: [String], message: String) throws {
        let crm = try CRMHarness()
        let result = try crm.runBare(arguments + ["--db", crm.database, "--config", crm.configuration])
        #expect(result.status == 2, "\(arguments): \(result.stdout) \(result.stderr)")
        #expect(result.stderrLines.first == message, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test("a backup given a folder says so and names a file to give instead", arguments: StoreEngine.allCases)
    func aBackupIntoAFolderIsRefused(engine: StoreEngine) throws {
        let crm = try CRMHarness(engine: engine)
        #expect(try crm.runBare(["init", "--db", crm.database, "--config", crm.configuration]).status == 0)
        let folder = crm.directory.file("backups")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        let result = try crm.runBare(["backup", folder, "--db", crm.database, "--config", crm.configuration])
        #expect(result.status == 2, "\(result.stderr)")
        let line = try #require(result.stderrLines.first)
        #expect(line.hasPrefix("jivocrm: \(folder) is a folder: give the backup file's path, such as \(folder)/crm-"))
        #expect(line.hasSuffix(engine == .sqlite ? ".sqlite" : ".dump"), "\(line)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    @Test("a list by a manager no one is named says so, where it said no leads match")
    func anUnknownManagerIsSaid() throws {
        let crm = try CRMHarness()
        #expect(try crm.runBare(["init", "--db", crm.database, "--config", crm.configuration]).status == 0)
        let result = try crm.runBare([
            "leads", "--manager", "ghost@x", "--db", crm.database, "--config", crm.configuration,
        ])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(
            result.stderrLines.first
                == "jivocrm: no manager with login 'ghost@x'; `jivocrm managers` lists them, `jivocrm managers add "
                + "LOGIN --name NAME` adds one", "\(result.stderr)")
    }

    @Test("every option of resolve says what it does")
    func resolveOptionsAreDescribed() throws {
        let help = try CRMHarness().runBare(["resolve", "--help"]).stdout
        for option in ["--keep-current", "--take-incoming", "--keep-both", "--split"] {
            let line = help.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(option) }
            #expect(
                (line?.dropFirst(2 + option.count).trimmingCharacters(in: .whitespaces).count ?? 0) > 20,
                "\(option): \(help)")
        }
    }

    @Test(arguments: [
        ["show", "42"], ["edit", "42", "--name", "X"], ["done", "7"], ["resolve", "3", "--keep-current"],
        ["status", "9", "open"],
        ["assign", "1", "nobody@example.com"],
    ])
    func failedOperationsExitOneWithOneLine(arguments: [String]) throws {
        let crm = try CRMHarness()
        let result = try crm.runBare(arguments + ["--db", crm.database, "--config", crm.configuration])
        #expect(result.status == 1, "\(arguments): \(result.stderr)")
        #expect(result.stderrLines.count == 1, "\(arguments): \(result.stderr)")
        #expect(result.stderrLines.first?.hasPrefix("jivocrm: ") == true)
        #expect(result.stdout.isEmpty)
    }

    @Test(
        "a --db or JIVOCRM_DB that looks like a URL but is no PostgreSQL one, or has spaces around it, is a usage error",
        arguments: [
            "postgresql:/crm", "postgresq://jivocrm@/crm?host=/tmp/x", "pgsql://jivocrm@/crm",
            " postgresql://jivocrm@/crm?host=/tmp/x", "postgresql://jivocrm@/crm?host=/tmp/x ",
        ])
    func aMistypedStoreAddressIsRefused(address: String) throws {
        let crm = try CRMHarness()
        // In a directory of its own, where a value taken for a SQLite path would be created.
        let workingDirectory = crm.directory.file("cwd")
        try FileManager.default.createDirectory(atPath: workingDirectory, withIntermediateDirectories: false)
        for (arguments, environment) in [
            (["leads", "--db", address], [String: String]()), (["leads"], ["JIVOCRM_DB": address]),
        ] {
            let process = try ChildProcess(
                ["/bin/sh", "-c", #"cd "$1" && shift && exec "$@""#, "sh", workingDirectory, JivoCRMBinary.path]
                    + arguments + ["--config", crm.configuration],
                environment: crm.environment(environment), output: .pipe, errors: .pipe)
            let (output, errors) = process.collect()
            let status = process.wait()
            let stderr = String(decoding: errors, as: UTF8.self)
            #expect(status == 2, "\(arguments) \(environment): \(stderr)")
            #expect(output.isEmpty)
            let named = environment.isEmpty ? "--db" : "JIVOCRM_DB"
            #expect(stderr.hasPrefix("jivocrm: \(named) '\(address)' "), "\(stderr)")
            #expect(stderr.contains("a SQLite file's path or a postgresql://… or postgres://… URL"), "\(stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: workingDirectory).isEmpty)
        }
    }

    @Test func aMissingConfigurationFileNamedExplicitlyFails() throws {
        let crm = try CRMHarness()
        let flag = try crm.runBare(["leads", "--db", crm.database, "--config", crm.directory.file("absent")])
        #expect(flag.status == 1)
        #expect(flag.stderrLines.count == 1)
        let environment = try crm.runBare(
            ["leads", "--db", crm.database], environment: ["JIVOCRM_CONFIG": crm.directory.file("absent")])
        #expect(environment.status == 1)
    }

    @Test func globalOptionsWorkBeforeAndAfterTheVerb() throws {
        let crm = try CRMHarness()
        #expect(try crm.succeed("managers", "add", "anna@example.com", "--name", "Анна").contains("anna@example.com"))
        let forms: [[String]] = [
            ["--db", crm.database, "--config", crm.configuration, "managers", "list", "--json"],
            ["managers", "--db", crm.database, "list", "--json", "--config", crm.configuration],
            ["--db=\(crm.database)", "managers", "list", "--config=\(crm.configuration)", "--json"],
        ]
        for form in forms {
            let result = try crm.runBare(form)
            #expect(result.status == 0, "\(form): \(result.stderr)")
            #expect(result.json?.arrayValue?.first?["login"]?.stringValue == "anna@example.com", "\(form)")
        }
    }

    @Test func flagsBeatEnvironmentWhichBeatsConfiguration() throws {
        let crm = try CRMHarness()
        let other = crm.directory.file("other.sqlite")
        try crm.runBare(["managers", "add", "a@example.com", "--db", crm.database]).expectSuccess()
        try crm.runBare(["managers", "add", "b@example.com", "--db", other]).expectSuccess()
        func managers(_ arguments: [String], _ environment: [String: String]) throws -> [String] {
            let result = try crm.runBare(["managers", "list", "--json"] + arguments, environment: environment)
            try result.expectSuccess()
            return result.json?.arrayValue?.compactMap { $0["login"]?.stringValue } ?? []
        }
        #expect(try managers([], ["JIVOCRM_DB": crm.database]) == ["a@example.com"])
        #expect(try managers(["--db", other], ["JIVOCRM_DB": crm.database]) == ["b@example.com"])

        // listen: --listen beats JIVOCRM_LISTEN beats the configuration file's `listen`; and
        // --config beats JIVOCRM_CONFIG.
        let first = crm.directory.file("first.conf")
        let second = crm.directory.file("second.conf")
        try "listen = 127.0.0.1:1111\n".write(toFile: first, atomically: true, encoding: .utf8)
        try "listen = 127.0.0.1:2222\n".write(toFile: second, atomically: true, encoding: .utf8)
        func url(_ arguments: [String], _ environment: [String: String]) throws -> String {
            let result = try crm.runBare(["webhook-url", "--db", crm.database] + arguments, environment: environment)
            try result.expectSuccess()
            return result.stdout
        }
        #expect(try url([], ["JIVOCRM_CONFIG": first]).hasPrefix("http://127.0.0.1:1111/jivo/"))
        #expect(try url(["--config", second], ["JIVOCRM_CONFIG": first]).hasPrefix("http://127.0.0.1:2222/jivo/"))
        #expect(
            try url([], ["JIVOCRM_CONFIG": first, "JIVOCRM_LISTEN": "127.0.0.1:3333"]).hasPrefix(
                "http://127.0.0.1:3333/jivo/"))
        #expect(
            try url(["--listen", "127.0.0.1:4444"], ["JIVOCRM_CONFIG": first, "JIVOCRM_LISTEN": "127.0.0.1:3333"])
                .hasPrefix("http://127.0.0.1:4444/jivo/"))
        // JIVOCRM_DB reaches the same store as --db: one token per store.
        #expect(
            try url([], ["JIVOCRM_CONFIG": first])
                == (try url([], ["JIVOCRM_CONFIG": first, "JIVOCRM_DB": crm.directory.file("x")])))

        // An empty variable counts as unset, as the XDG ones do: JIVOCRM_CONFIG names no file
        // (the default one, absent, is not an error) and JIVOCRM_DB no store (the configuration's
        // `db` is used).
        #expect(try url([], ["JIVOCRM_CONFIG": ""]).hasPrefix("http://127.0.0.1:8080/jivo/"))
        try "db = \(other)\n".write(toFile: second, atomically: true, encoding: .utf8)
        #expect(try managers(["--config", second], ["JIVOCRM_DB": ""]) == ["b@example.com"])
    }

    @Test func everyOperatorVerbIsAuditedWithTheOperator() throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        defer { server.stop() }
        try crm.succeed("managers", "add", "boss@example.com", "--name", "Boss", "--default")
        try crm.succeed("managers", "add", "ivan@example.com", "--name", "Иван")
        _ = try server.deliver(Fixtures.bytes("offline_message"))
        _ = try server.deliver(fixture("chat_updated", ("visitor.phone", .string("+1 408 000-0000"))))
        let id = try crm.lead(where: "email", is: "email@example.com").id()
        let task = try #require(try crm.tasks().first).id()
        let conflict = try #require(try crm.conflicts().first).id()
        let steps: [[String]] = [
            ["edit", String(id), "--name", "Джон"], ["field", String(id), "--set", "Plan=Gold"],
            ["status", String(id), "open"],
            ["assign", String(id), "ivan@example.com"], ["done", String(task)],
            ["resolve", String(conflict), "--keep-both"],
            ["field", String(id), "--remove", "Plan"], ["contacts", String(id), "add", "phone", "+1 408 555 0100"],
            ["task", "add", String(id), "Call back", "--due", "2h"], ["task", "reopen", String(task)],
            ["note", "add", String(id), "called"], ["undo"],
        ]
        var audited = try Self.operatorEntries(crm, id)
        for step in steps {
            let result = try crm.runBare(step + ["--db", crm.database, "--config", crm.configuration])
            #expect(result.status == 0, "\(step): \(result.stderr)")
            let now = try Self.operatorEntries(crm, id)
            #expect(now > audited, "\(step) wrote no audit entry by \(CRMHarness.operatorName)")
            audited = now
        }

        // Without an `operator` setting, $USER is the operator.
        let bare = crm.directory.file("bare.conf")
        try "crm_link_template = https://crm.example.com/leads/{id}\n".write(
            toFile: bare, atomically: true, encoding: .utf8)
        let result = try crm.runBare(
            ["status", String(id), "qualified", "--db", crm.database, "--config", bare], environment: ["USER": "carol"])
        #expect(result.status == 0)
        #expect(try crm.show(id).list("audit").contains { $0["actor"]?.stringValue == "carol" })
    }

    @Test func jsonShapesCarryTheContractsKeys() throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        defer { server.stop() }
        for name in Fixtures.names { _ = try server.deliver(Fixtures.bytes(name)) }
        _ = try server.post(Array("not json".utf8))
        let leads = try crm.leads()
        let leadKeys: Set<String> = [
            "id", "title", "status", "name", "email", "phone", "emails", "phones", "description", "manager", "crm_link",
            "source", "visitor_number", "open_conflicts", "open_tasks", "chats", "created_at", "updated_at",
        ]
        for lead in leads {
            #expect(leadKeys.isSubset(of: Set(lead.objectValue?.keys ?? [])), "\(lead)")
            for key in ["created_at", "updated_at"] {
                #expect(
                    lead[key]?.stringValue?.range(
                        of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$"#, options: .regularExpression)
                        != nil)
            }
        }
        let detail = try crm.show(try #require(leads.first { $0["client_id"]?.stringValue == "123456" }).id())
        let detailKeys = leadKeys.union(["custom_data", "calls", "tasks", "conflicts", "audit"])
        let shown = Set(detail.objectValue?.keys ?? [])
        #expect(detailKeys.isSubset(of: shown), "\(detailKeys.subtracting(shown))")
        let message = try #require(detail.list("chats").first?.list("messages").first)
        let messageKeys = Set(message.objectValue?.keys ?? [])
        #expect(messageKeys.isSuperset(of: ["timestamp", "type", "agent_id", "text"]))
        #expect(detail.list("chats").first?["chat_id"]?.stringValue != nil)

        let conflictKeys: Set<String> = ["id", "lead_id", "field", "current", "incoming", "status", "resolution"]
        let conflicts = try crm.conflicts()
        #expect(!conflicts.isEmpty)
        #expect(conflicts.allSatisfy { conflictKeys.isSubset(of: Set($0.objectValue?.keys ?? [])) })
        let taskKeys: Set<String> = ["id", "lead_id", "kind", "text", "assignee", "due_at", "status"]
        let tasks = try crm.tasks()
        #expect(!tasks.isEmpty)
        #expect(tasks.allSatisfy { taskKeys.isSubset(of: Set($0.objectValue?.keys ?? [])) })
        let eventKeys: Set<String> = ["id", "received_at", "event_name", "chat_id", "status", "error"]
        let events = try crm.events()
        #expect(events.count == Fixtures.names.count + 1)
        #expect(events.allSatisfy { eventKeys.isSubset(of: Set($0.objectValue?.keys ?? [])) })
        #expect(events.first?["status"]?.stringValue == "quarantined")
        #expect(events.first?["error"]?.stringValue?.isEmpty == false)
    }

    private static func operatorEntries(_ crm: CRMHarness, _ id: Int64) throws -> Int {
        try crm.show(id).list("audit").count { $0["actor"]?.stringValue == CRMHarness.operatorName }
    }
}

extension CommandResult {
    /// Fails the test unless the run exited 0.
    func expectSuccess() throws {
        try #require(status == 0, "exit \(status): \(stderr)")
    }
}
