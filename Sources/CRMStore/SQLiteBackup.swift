import CSQLite
import Glibc

/// SQLite's online backup API behind ``Store/backup(to:)``, ``Store/inspectBackup(_:)`` and
/// ``Store/restore(from:)``: a consistent copy of a store to a file, checks of a backup, and a
/// backup's content put in place.
enum SQLiteBackup {
    /// The tables every jivocrm store has had since its first schema.
    static let requiredTables = [
        "settings", "managers", "leads", "lead_emails", "lead_phones", "events", "chats", "messages", "audit",
    ]

    /// Writes a consistent copy of `database` to `path` (``Store/backup(to:)``).
    static func write(_ database: Database, to path: String) throws -> BackupSummary {
        if sameFile(path, database.path) {
            throw StoreError(kind: .cannotOpen, message: "\(path) is the store itself; give the backup another path")
        }
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StoreError(
                kind: .cannotOpen,
                message:
                    "cannot create the backup at \(path): \(String(cString: strerror(errno))) (check the directory exists and is writable)"
            )
        }
        close(descriptor)
        var completed = false
        defer { if !completed { unlink(temporary) } }
        var destination: OpaquePointer?
        let code = sqlite3_open_v2(temporary, &destination, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil)
        guard code == SQLITE_OK, let destination else {
            let error = StoreError.sqlite(code, destination, "creating the backup at \(path)")
            sqlite3_close_v2(destination)
            throw error
        }
        defer { sqlite3_close_v2(destination) }
        try copy(from: database.handle, to: destination, context: "backing up the store to \(path)")
        try exec(destination, "PRAGMA journal_mode = DELETE", context: "finishing the backup at \(path)")
        let summary = try summary(destination)
        guard sqlite3_close_v2(destination) == SQLITE_OK else {
            throw StoreError(kind: .other, message: "closing the backup at \(path) failed; try again")
        }
        let file = open(temporary, O_RDONLY | O_CLOEXEC)
        if file >= 0 {
            fsync(file)
            close(file)
        }
        guard rename(temporary, path) == 0 else {
            throw StoreError(
                kind: .cannotOpen,
                message:
                    "cannot put the backup at \(path): \(String(cString: strerror(errno))) (check the directory is writable)"
            )
        }
        completed = true
        return summary
    }

    /// Checks the backup at `path` and tells what it holds (``Store/inspectBackup(_:)``).
    static func inspect(_ path: String) throws -> BackupSummary {
        try withBackup(path) { handle in try summary(handle) }
    }

    /// Replaces `database`'s content with the backup at `path` (``Store/restore(from:)``).
    static func restore(_ database: Database, from path: String) throws -> BackupSummary {
        if sameFile(path, database.path) {
            throw StoreError(kind: .cannotOpen, message: "\(path) is the store itself; give the path of a backup")
        }
        try withBackup(path) { handle in
            try copy(from: handle, to: database.handle, context: "restoring \(path) into the store")
        }
        try database.execute("PRAGMA journal_mode=WAL")
        try Schema.migrate(database)
        return try summary(database.handle)
    }

    /// Whether `path` names the same file as `other` (false when either does not exist).
    private static func sameFile(_ path: String, _ other: String) -> Bool {
        var first = stat()
        var second = stat()
        guard stat(path, &first) == 0, stat(other, &second) == 0 else { return false }
        return first.st_dev == second.st_dev && first.st_ino == second.st_ino
    }

    /// Runs `body` with a read-only connection to the backup at `path`, checked.
    private static func withBackup<T>(_ path: String, _ body: (OpaquePointer) throws -> T) throws -> T {
        guard access(path, R_OK) == 0 else {
            throw StoreError(
                kind: .cannotOpen,
                message: "cannot read the backup \(path): \(String(cString: strerror(errno))) (check the path)")
        }
        var handle: OpaquePointer?
        let code = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil)
        defer { sqlite3_close_v2(handle) }
        guard code == SQLITE_OK, let handle else {
            throw StoreError.sqlite(code, handle, "opening the backup \(path)")
        }
        guard let problems = try? integrityProblems(handle) else {
            throw StoreError(
                kind: .corrupt, message: "\(path) is not a jivocrm backup (not an SQLite database); check the file name"
            )
        }
        if let integrity = problems.first {
            throw StoreError(
                kind: .corrupt,
                message: "\(path) is damaged (integrity check: \(integrity.prefix(200))); use another backup")
        }
        let version = Int64(try text(handle, "PRAGMA user_version") ?? "0") ?? 0
        guard version <= Schema.currentVersion else {
            throw StoreError(
                kind: .tooNew,
                message:
                    "\(path) has schema version \(version), newer than this jivocrm knows (\(Schema.currentVersion)); upgrade jivocrm to restore it"
            )
        }
        let tables = Set(try texts(handle, "SELECT name FROM sqlite_master WHERE type = 'table'"))
        if let missing = requiredTables.first(where: { !tables.contains($0) }) {
            throw StoreError(
                kind: .corrupt,
                message: "\(path) is not a jivocrm store (it has no \(missing) table); check the file name")
        }
        return try body(handle)
    }

    /// Copies every page of `source` into `destination` in one step (one snapshot of the
    /// source), waiting while either is locked.
    private static func copy(from source: OpaquePointer, to destination: OpaquePointer, context: String) throws {
        guard let backup = sqlite3_backup_init(destination, "main", source, "main") else {
            throw StoreError.sqlite(sqlite3_errcode(destination), destination, context)
        }
        var waited = 0
        var code = SQLITE_OK
        repeat {
            code = sqlite3_backup_step(backup, -1)
            if code == SQLITE_BUSY || code == SQLITE_LOCKED {
                guard waited < 30_000 else { break }
                sqlite3_sleep(50)
                waited += 50
            }
        } while code == SQLITE_OK || code == SQLITE_BUSY || code == SQLITE_LOCKED
        let finished = sqlite3_backup_finish(backup)
        guard code == SQLITE_DONE else {
            throw StoreError.sqlite(code, destination, context)
        }
        guard finished == SQLITE_OK else { throw StoreError.sqlite(finished, destination, context) }
    }

    /// What `PRAGMA integrity_check` finds wrong: empty when the file is sound.
    static func integrityProblems(_ handle: OpaquePointer) throws -> [String] {
        try texts(handle, "PRAGMA integrity_check").filter { $0 != "ok" }
    }

    private static func exec(_ handle: OpaquePointer, _ sql: String, context: String) throws {
        let code = sqlite3_exec(handle, sql, nil, nil, nil)
        guard code == SQLITE_OK else { throw StoreError.sqlite(code, handle, context) }
    }

    /// The first column of the first row of `sql`, as text.
    private static func text(_ handle: OpaquePointer, _ sql: String) throws -> String? {
        try texts(handle, sql).first
    }

    /// The first column of every row of `sql`, as text.
    private static func texts(_ handle: OpaquePointer, _ sql: String) throws -> [String] {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        defer { sqlite3_finalize(statement) }
        guard code == SQLITE_OK else { throw StoreError.sqlite(code, handle, "reading the store") }
        var result: [String] = []
        while true {
            let step = sqlite3_step(statement)
            if step == SQLITE_DONE { return result }
            guard step == SQLITE_ROW else { throw StoreError.sqlite(step, handle, "reading the store") }
            result.append(sqlite3_column_text(statement, 0).map { String(cString: $0) } ?? "")
        }
    }

    private static func summary(_ handle: OpaquePointer) throws -> BackupSummary {
        func number(_ sql: String) throws -> Int64? { try text(handle, sql).flatMap { Int64($0) } }
        return BackupSummary(
            schemaVersion: try number("PRAGMA user_version") ?? 0, leads: try number("SELECT count(*) FROM leads") ?? 0,
            events: try number("SELECT count(*) FROM events") ?? 0,
            lastEventAt: try number("SELECT max(received_at) FROM events"))
    }
}
