@testable import CRMStore
import Foundation
import PostgresClient
import Testing
import TestSupport

/// `check` on PostgreSQL tells a role without rights from a database without the schema, and
/// finds the tables, indexes and triggers someone dropped, which `init` creates again.
@Suite struct PostgresCheckTests {
    /// A role with no grants on an existing schema is told it may not read it, by name (the
    /// URL's user, or the one libpq chose), not that the schema is missing.
    @Test func checkByARoleWithoutGrantsSaysItMayNotReadTheSchema() throws {
        let cluster = try PostgresCluster()
        let owner = try cluster.createDatabase("crm")
        let directory = TemporaryDirectory()
        let environment = JivoCRMBinary.environment(home: directory.path, ["PGPASSWORD": cluster.password])
        let initialized = try JivoCRMBinary.run(["init", "--db", owner], environment: environment)
        try #require(initialized.status == 0, "\(initialized.stderr)")
        let role = cluster.passwordRole
        let other = try JivoCRMBinary.run(
            ["leads", "--db", cluster.url(database: "crm", user: role)], environment: environment)
        #expect(other.stderr.contains("the role \(role) may not create or read"), "\(other.stderr)")
        let byDefault = "postgresql:///crm?host=\(cluster.socketDirectory)&port=\(cluster.port)"
        for (url, extra) in [(cluster.url(database: "crm", user: role), [:]), (byDefault, ["PGUSER": role])] {
            for grant in ["", "GRANT SELECT ON schema_version TO \(role)"] where !grant.isEmpty || extra.isEmpty {
                if !grant.isEmpty { _ = try cluster.psql(grant, database: "crm") }
                let result = try JivoCRMBinary.run(
                    ["check", "--db", url], environment: environment.merging(extra) { $1 })
                #expect(result.status == 1)
                #expect(result.stderr.contains("the role \(role) may not create or read"), "\(grant): \(result.stderr)")
                #expect(result.stderr.contains("permission denied"), "\(result.stderr)")
                #expect(result.stderr.contains("grant this role"), "\(result.stderr)")
                #expect(!result.stderr.contains("holds no jivocrm schema"), "\(result.stderr)")
                #expect(!(result.stdout + result.stderr).contains("damaged"), "\(result.stdout)\(result.stderr)")
            }
        }
    }

    /// A dropped trigger and index are problems `check` names, with what to do; `init` creates
    /// them again, after which `check` is content and the trigger notifies again.
    @Test func checkFindsADroppedTriggerAndIndexAndInitCreatesThemAgain() throws {
        let cluster = try PostgresCluster()
        let url = try cluster.createDatabase("crm")
        let directory = TemporaryDirectory()
        let environment = JivoCRMBinary.environment(home: directory.path)
        let run = { (arguments: [String]) in try JivoCRMBinary.run(arguments + ["--db", url], environment: environment)
        }
        try #require(try run(["init"]).status == 0)
        #expect(try run(["check"]).stdout == "ok\n")
        _ = try cluster.psql("DROP TRIGGER leads_changed ON leads; DROP INDEX leads_activity", database: "crm")

        let checked = try run(["check"])
        #expect(checked.status == 1)
        #expect(checked.stdout.contains("trigger leads_changed on leads is missing"), "\(checked.stdout)")
        #expect(checked.stdout.contains("index leads_activity on leads is missing"), "\(checked.stdout)")
        #expect(checked.stdout.contains("run `jivocrm init --db ADDRESS` as the database's owner"))
        #expect(!checked.stdout.contains("ok\n"))
        #expect(checked.stderr.contains("schema is incomplete") && !checked.stderr.contains("damaged"))

        let repaired = try run(["init"])
        #expect(repaired.status == 0, "\(repaired.stderr)")
        #expect(
            repaired.stdout.contains("created the missing index leads_activity on leads again"), "\(repaired.stdout)")
        #expect(repaired.stdout.contains("created the missing trigger leads_changed on leads again"))
        #expect(try run(["check"]).stdout == "ok\n")
        let triggers = try cluster.psql(
            "SELECT count(*) FROM pg_trigger WHERE tgname = 'leads_changed' AND tgrelid = 'leads'::regclass",
            database: "crm")
        #expect(triggers.trimmingCharacters(in: .whitespacesAndNewlines) == "1")

        _ = try cluster.psql("DROP TABLE merge_items", database: "crm")
        let noTable = try run(["check"])
        #expect(noTable.status == 1)
        #expect(noTable.stdout.contains("table merge_items is missing, and its rows with it: restore a backup"))
        let refused = try run(["init"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("has no table merge_items"), "\(refused.stderr)")
    }

    /// The objects the schema is checked against are those the migrations leave: a new
    /// database has each, and a later migration's drop and re-creation count.
    @Test func theCheckedObjectsAreThoseAFreshSchemaHas() throws {
        let names = PostgresSchema.objects.map(\.description)
        for expected in [
            "table leads", "index leads_activity on leads", "trigger leads_changed on leads",
            "trigger events_forward on events", "function notify_change", "index lead_search_text on lead_search",
            "index events_unapplied on events", "index lead_emails_lead on lead_emails",
        ] {
            #expect(names.contains(expected), "\(expected)")
        }
        #expect(!names.contains("index events_status on events"))
        #expect(!names.contains { $0.contains("schema_version") })
        let cluster = try PostgresCluster()
        let url = try cluster.createDatabase("crm")
        let address = try #require(PostgresAddress(url))
        try PostgresSchema.prepare(address)
        let database = try Database(postgres: address)
        #expect(try database.schemaProblems() == [])
        #expect(try database.integrityProblems() == [])
        #expect(try PostgresSchema.repair(address) == [])
    }
}
