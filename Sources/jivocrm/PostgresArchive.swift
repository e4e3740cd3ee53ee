import CRMStore
import Glibc

/// A file given to `restore` on a PostgreSQL store: before anything is replaced, it must be a
/// readable `pg_dump` archive (custom format, as `jivocrm backup` writes it) whose table of
/// contents holds jivocrm's tables, from a schema version this jivocrm knows.
enum PostgresArchive {
    /// The tables an archive must hold to be a jivocrm store's.
    static let requiredTables = ["schema_version", "leads", "events"]

    /// Checks the file at `path` by its first bytes: it exists, can be read and begins as a
    /// `pg_dump` custom-format archive (`PGDMP`). A SQLite file (`SQLite format 3\0`) is refused
    /// with the verb that copies one to PostgreSQL.
    static func checkFile(_ path: String) throws {
        let shown = Output.safe(path)
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw CLIError.failure(
                errno == ENOENT
                    ? "there is no file \(shown); give the path of a file `jivocrm backup` wrote"
                    : "cannot read \(shown): \(String(cString: strerror(errno))) (check its mode and owner)")
        }
        defer { close(descriptor) }
        var head = [UInt8](repeating: 0, count: 16)
        let count = read(descriptor, &head, head.count)
        guard count >= 0 else {
            throw CLIError.failure("cannot read \(shown): \(String(cString: strerror(errno))); give a file")
        }
        if count == 16 && head == Array("SQLite format 3\0".utf8) {
            throw CLIError.failure(
                "\(shown) is a SQLite store, not a PostgreSQL backup: to copy its data into this PostgreSQL "
                    + "store, run `jivocrm migrate --db \(shown) --to ADDRESS` on an empty database (or restore it "
                    + "into a SQLite store with `--db FILE.sqlite`)")
        }
        guard head.prefix(count).starts(with: Array("PGDMP".utf8)) else {
            throw CLIError.failure(
                "\(shown) is not a jivocrm PostgreSQL backup (a pg_dump archive begins with PGDMP); "
                    + "give a file `jivocrm backup` wrote")
        }
    }

    /// The schema version of the jivocrm store in the archive at `path`, after checking its table
    /// of contents (`pg_restore --list`) holds ``requiredTables``: the largest version in its
    /// `schema_version` rows, read alone from the archive. Refuses an archive of another
    /// database, and one from a newer jivocrm.
    static func schemaVersion(_ path: String, for address: StoreAddress) throws -> Int64 {
        let shown = Output.safe(path)
        let damaged = "the archive is damaged, or written by a newer pg_dump than this pg_restore"
        let contents = try PostgresTools.run(
            "pg_restore", ["--list", path], on: address, instead: "pg_restore --list \(shown)", advice: damaged)
        let tables = Set(
            contents.split(whereSeparator: \.isNewline).compactMap { line -> String? in
                let words = line.split(separator: " ")
                guard !line.hasPrefix(";"), let at = words.firstIndex(of: "TABLE"), at + 2 < words.count,
                    words[at + 1] != "DATA"
                else { return nil }
                return String(words[at + 2])
            })
        let missing = requiredTables.filter { !tables.contains($0) }
        guard missing.isEmpty else {
            throw CLIError.failure(
                "\(shown) is a pg_dump archive but not a jivocrm PostgreSQL backup (it has no table "
                    + "\(missing.joined(separator: ", ")): nothing was restored; give a file `jivocrm backup` wrote")
        }
        let rows = try PostgresTools.run(
            "pg_restore", ["--data-only", "--table=schema_version", "--file=-", path], on: address,
            instead: "pg_restore --data-only --table=schema_version \(shown)", advice: damaged)
        let versions = rows.split(whereSeparator: \.isNewline).compactMap { line in
            line.split(separator: "\t").first.flatMap { Int64($0) }
        }
        guard let version = versions.max() else {
            throw CLIError.failure(
                "\(shown) is a pg_dump archive but not a jivocrm PostgreSQL backup (its schema_version table "
                    + "is empty): nothing was restored; give a file `jivocrm backup` wrote")
        }
        guard version <= PostgresSchema.currentVersion else {
            throw CLIError.failure(
                "\(shown) comes from a newer jivocrm (schema version \(version); this one knows "
                    + "\(PostgresSchema.currentVersion) on PostgreSQL): upgrade jivocrm to restore it")
        }
        return version
    }
}
