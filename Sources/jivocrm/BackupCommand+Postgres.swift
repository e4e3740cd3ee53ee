import CRMCore
import CRMStore
import Foundation

extension BackupCommand {
    /// Backs up the PostgreSQL store at `address` to `path` with `pg_dump` (custom format): the
    /// dump is one consistent snapshot, written beside `path` (mode 0600) and renamed into
    /// place when complete.
    static func runOnPostgres(_ address: StoreAddress, to path: String) throws -> Int32 {
        try PostgresTools.dump(address, to: path)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        Output.line(
            "backed up the PostgreSQL store at \(Output.safe(address.description)) to \(Output.safe(path)) with "
                + "pg_dump (\(size) bytes)")
        return 0
    }
}

extension RestoreCommand {
    /// Restores the PostgreSQL store at `address` from the `pg_dump` archive at `path` with
    /// `pg_restore` (its tables dropped and created again, in one transaction), after dumping
    /// the current store beside `path`. Without `yes`, only checks that `path` is an archive of
    /// a jivocrm store (``PostgresArchive``), as it is checked before a restore.
    static func runOnPostgres(_ address: StoreAddress, from path: String, yes: Bool) throws -> Int32 {
        let shown = Output.safe(path)
        try PostgresArchive.checkFile(path)
        let version = try PostgresArchive.schemaVersion(path, for: address)
        guard yes else {
            Output.line("\(shown) is a pg_dump archive of a jivocrm store (schema \(version)) pg_restore can read")
            Output.line("stop `jivocrm serve`, then run `jivocrm restore \(shown) --yes` to replace the store with it")
            guard Confirmation.interactive else { throw Confirmation.refused("restore \(shown)") }
            return 0
        }
        let aside =
            path + ".before-restore-"
            + Timestamp.iso8601(milliseconds: Store.systemMilliseconds()).filter { $0.isNumber || $0 == "T" }
        try PostgresTools.dump(address, to: aside)
        let database = try address.toolEnvironment()["PGDATABASE"] ?? ""
        try PostgresTools.run(
            "pg_restore",
            ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error"]
                + (database.isEmpty ? [] : ["--dbname=" + database]) + [path],
            on: address,
            instead: "pg_restore --clean --if-exists --no-owner --single-transaction --dbname='\(address)' \(shown)")
        Output.line(
            "restored the PostgreSQL store at \(Output.safe(address.description)) from \(shown) with pg_restore")
        Output.line("the previous store is kept at \(Output.safe(aside)) (`jivocrm restore` it to go back)")
        return 0
    }
}
