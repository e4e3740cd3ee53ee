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
        #expect(refused.stderr.contains("is not a jivocrm PostgreSQL backup"), "\(refused.stderr)")
        #expect(!refused.stderr.contains(cluster.password))
    }

    /// An archive of another database is refused before anything is replaced: pg_restore reads
    /// it, but its table of contents holds none of jivocrm's tables.
    @Test func aDumpOfAnotherDatabaseIsRefused() throws {
        let cluster = try PostgresCluster()
        let url = try cluster.createDatabase("crm")
        let other = try cluster.createDatabase("other")
        _ = try cluster.psql("CREATE TABLE foo(id int); INSERT INTO foo VALUES (1)", database: "other")
        let directory = TemporaryDirectory()
        let environment = JivoCRMBinary.environment(home: directory.path)
        let run = { (arguments: [String], db: String) in
            try JivoCRMBinary.run(arguments + ["--db", db], environment: environment)
        }
        try #require(try run(["init"], url).status == 0)
        let ours = directory.file("crm.dump")
        try #require(try run(["backup", ours], url).status == 0)
        let checked = try run(["restore", ours], url)
        #expect(checked.stdout.contains("is a pg_dump archive of a jivocrm store (schema "), "\(checked.stdout)")
        let file = directory.file("other.dump")
        try #require(try run(["backup", file], other).status == 0)
        for arguments in [["restore", file], ["restore", file, "--yes"]] {
            let refused = try run(arguments, url)
            #expect(refused.status == 1)
            #expect(refused.stdout.isEmpty, "\(refused.stdout)")
            #expect(
                refused.stderr.contains("is a pg_dump archive but not a jivocrm PostgreSQL backup"), "\(refused.stderr)"
            )
            #expect(refused.stderr.contains("no table schema_version"), "\(refused.stderr)")
        }
        let stray = try cluster.psql("SELECT to_regclass('foo') IS NULL", database: "crm")
        #expect(stray.trimmingCharacters(in: .whitespacesAndNewlines) == "t")
        let aside = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.contains("before-restore") }
        #expect(aside.isEmpty, "\(aside)")
    }

    /// A file that is no pg_dump archive is refused for what it is before any server is asked
    /// (the address here leads nowhere): a SQLite store, with the verb that copies one to
    /// PostgreSQL; a missing file; a file of other bytes.
    @Test func aFileThatIsNoArchiveIsRefusedForWhatItIs() throws {
        let directory = TemporaryDirectory()
        let environment = JivoCRMBinary.environment(home: directory.path)
        let url = "postgresql://crm@/crm?host=\(directory.path)/nowhere"
        let sqlite = directory.file("crm.sqlite")
        try #require(try JivoCRMBinary.run(["init", "--db", sqlite], environment: environment).status == 0)
        let text = directory.file("notes.txt")
        try "hello".write(toFile: text, atomically: true, encoding: .utf8)
        let cases = [
            (sqlite, "is a SQLite store, not a PostgreSQL backup", "`jivocrm migrate --db \(sqlite) --to ADDRESS`"),
            (directory.file("missing.dump"), "there is no file \(directory.file("missing.dump"))", "jivocrm backup"),
            (text, "is not a jivocrm PostgreSQL backup (a pg_dump archive begins with PGDMP)", "jivocrm backup"),
        ]
        for (file, says, advice) in cases {
            for arguments in [["restore", file], ["restore", file, "--yes"]] {
                let result = try JivoCRMBinary.run(arguments + ["--db", url], environment: environment)
                #expect(result.status == 1)
                #expect(result.stderr.contains(says), "\(result.stderr)")
                #expect(result.stderr.contains(advice), "\(result.stderr)")
                #expect(!result.stderr.contains("check the address"), "\(result.stderr)")
            }
        }
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
