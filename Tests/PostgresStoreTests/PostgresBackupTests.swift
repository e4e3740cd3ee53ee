import CRMStore
import Foundation
import Testing
import TestSupport

/// `backup` and `restore` on a PostgreSQL store run `pg_dump` and `pg_restore`, the address
/// (and its password) handed to them in libpq's environment, never in their command line or
/// our output.
@Suite struct PostgresBackupTests {
    @Test func aBackupRestoresTheStoreAsItWas() throws {
        let store = try StoreMigrationTests.FilledStore()
        let cluster = try PostgresCluster()
        _ = try cluster.psql("CREATE DATABASE crm OWNER \(cluster.passwordRole)", database: "postgres")
        // A role that must give its password: the tools can only log in if they got it.
        let url = cluster.url(database: "crm", user: cluster.passwordRole, password: cluster.password)
        let migrated = try store.run(["migrate", "--to", url])
        try #require(migrated.status == 0, "\(migrated.stderr)")

        let file = store.directory.file("crm.dump")
        let backup = try store.run(["backup", file], db: url)
        #expect(backup.status == 0, "\(backup.stderr)")
        #expect(backup.stdout.contains("with pg_dump"), "\(backup.stdout)")
        #expect(!(backup.stdout + backup.stderr).contains(cluster.password))
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(FileManager.default.contents(atPath: file)?.prefix(5) == Data("PGDMP".utf8))

        _ = try cluster.psql("DELETE FROM notes; UPDATE leads SET name = 'Changed'", database: "crm")

        let checked = try store.run(["restore", file], db: url)
        #expect(checked.status == 1)
        #expect(checked.stdout.contains("is a pg_dump archive"), "\(checked.stdout)")
        #expect(checked.stderr.contains("--yes"), "\(checked.stderr)")

        let restored = try store.run(["restore", file, "--yes"], db: url)
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(!(restored.stdout + restored.stderr).contains(cluster.password))
        let aside = try FileManager.default.contentsOfDirectory(atPath: store.directory.path)
            .filter { $0.hasPrefix("crm.dump.before-restore-") }
        #expect(aside.count == 1, "\(aside)")

        let back = store.directory.file("back.sqlite")
        let returned = try store.run(["migrate", "--to", back], db: url)
        #expect(returned.status == 0, "\(returned.stdout)\(returned.stderr)")
        for verb in [["export", "--format", "json"], ["leads", "--json"], ["events", "--json"]] {
            let original = try store.read(verb)
            #expect(try store.read(verb, db: back) == original, "\(verb)")
        }

        let notAnArchive = store.directory.file("not-a-dump")
        try "hello".write(toFile: notAnArchive, atomically: true, encoding: .utf8)
        let refused = try store.run(["restore", notAnArchive, "--yes"], db: url)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("pg_restore failed"), "\(refused.stderr)")
        #expect(!refused.stderr.contains(cluster.password))
    }

    @Test func aStoreOpenDuringARestoreGoesOnWithTheRestoredStore() throws {
        let store = try StoreMigrationTests.FilledStore()
        let cluster = try PostgresCluster()
        try cluster.createDatabase("crm")
        let url = cluster.url(database: "crm")
        try #require(try store.run(["migrate", "--to", url]).status == 0)
        // A listener's or console's connection, its statements prepared before the restore.
        let open = try Store(path: url)
        let managers = try open.managers().map(\.login)
        // What the listener's writer does with a delivery: ingest it in a write transaction.
        let deliver = { (chat: Int) in
            let body =
                #"{"event_name":"chat_accepted","chat_id":\#(chat),"widget_id":"3925","visitor":{"number":"\#(chat)"}}"#
            return try open.database.write { try open.ingest(body: Array(body.utf8), receivedAt: open.clock()).status }
        }
        #expect(try deliver(90_001) == "applied")

        let file = store.directory.file("crm.dump")
        try store.succeed(["backup", file], db: url)
        try store.succeed(["restore", file, "--yes"], db: url)

        // pg_restore made the schema's types anew: the statements prepared on the old ones are
        // prepared again instead of failing every call from now on. The first may still fail
        // inside its transaction (answered as a passing failure); the next goes through.
        _ = try? deliver(90_002)
        #expect(try open.managers().map(\.login) == managers)
        #expect(try deliver(90_003) == "applied")
        #expect(try deliver(90_004) == "applied")
    }
}
