import CSQLite
import Glibc
import PostgresClient

/// One connection to the store, confined to the thread that opened it: a SQLite file, or a
/// PostgreSQL database (``init(postgres:)``), behind the same calls.
///
/// Statements are prepared once and cached by their SQL text; every write goes through
/// ``write(_:)`` (`BEGIN IMMEDIATE`, so a writer waits for the lock up front instead of failing
/// half-way; on PostgreSQL a transaction-wide advisory lock does the same), and nested units of
/// work use savepoints. Statements are written in SQLite's dialect; ``PostgresEngine``
/// translates them, and a repository switches on ``isPostgres`` where the dialects differ.
public final class Database {
    /// The SQLite connection; nil on PostgreSQL.
    let handle: OpaquePointer!
    /// The PostgreSQL engine; nil on SQLite.
    let postgres: PostgresEngine?
    /// The file's path, or the PostgreSQL address without its password.
    public let path: String
    private var statements: [String: Statement] = [:]
    /// Statements by the address of their SQL text (see ``statement(_:)``).
    private var recent = [(sql: String, statement: Statement)?](repeating: nil, count: Database.recentSlots)
    /// 1,024 slots, indexed by the top 10 bits of the hashed address: an ingest's twenty-odd
    /// statements rarely share one (with 128 they often did, and each lookup of a statement
    /// whose slot another took hashed its whole text).
    private static let recentSlots = 1024
    private var savepointDepth = 0
    /// Whether a write transaction begun by ``write(_:)`` is open on this connection.
    private(set) var inWriteTransaction = false
    /// How many write transactions ``write(_:)`` has begun on this connection: tells one from
    /// the next, for what is read once per transaction.
    private(set) var writeTransactions = 0
    /// The open write transaction's number (``writeTransactions``) when what it reads may be
    /// kept until it ends: on SQLite, whose write transaction holds the write lock, so no other
    /// process changes the store before it commits. Nil outside one, and on PostgreSQL, where
    /// other sessions' commits are seen at once.
    var lockedWriteTransaction: Int? { postgres == nil && inWriteTransaction ? writeTransactions : nil }
    /// Runs inside every write transaction begun by ``write(_:)``, just before it commits; if
    /// it throws, the transaction rolls back. The store finishes deferred work here.
    var beforeCommit: (() throws -> Void)?
    /// The checkpoint hand-off SQLite's WAL hook consults (``handOffCheckpoints(to:)``), kept
    /// alive as long as the connection.
    var checkpointHandOff: CheckpointHandOffBox?

    /// Opens (and creates, mode 0600, if `create`) the database at `path`, in WAL mode with
    /// `synchronous=FULL`, foreign keys on, and a busy timeout of `busyTimeout` milliseconds.
    public init(path: String, create: Bool = true, busyTimeout: Int32 = 5000) throws(StoreError) {
        Database.configureLibrary
        self.path = path
        postgres = nil
        if create { try Database.createPrivately(path) }
        var connection: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &connection, flags, nil)
        guard code == SQLITE_OK, let connection else {
            let error = StoreError.sqlite(code, connection, "opening the store at \(path)")
            sqlite3_close_v2(connection)
            throw error
        }
        handle = connection
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, busyTimeout)
        do {
            try enterWALMode(waitingAtMost: busyTimeout)
            try execute(
                "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-16000;")
        } catch {
            // SQLite reads the file first here: a damaged one fails opening, not a pragma.
            throw error.kind == .corrupt ? error.during("opening the store at \(path)") : error
        }
    }

    /// Connects to the PostgreSQL database at `address`; a statement waiting for a lock (the
    /// writers' lock another process holds, a table another session locked) gives up after
    /// `busyTimeout` milliseconds (`lock_timeout`) and fails as busy, as SQLite's busy timeout
    /// makes it on that engine; nil waits as long as the server lets it.
    public init(postgres address: PostgresAddress, busyTimeout: Int32? = nil) throws(StoreError) {
        path = address.description
        handle = nil
        postgres = try PostgresEngine(address, lockTimeout: busyTimeout)
    }

    /// Whether the store is on PostgreSQL.
    public var isPostgres: Bool { postgres != nil }

    /// Whether SQLite opened the store for reading only (the file, or its folder, is not
    /// writable for this user: SQLite then opens it so without a word, and every write fails
    /// for as long as the connection lives). Never on PostgreSQL.
    public var openedReadOnly: Bool {
        postgres == nil && sqlite3_db_readonly(handle, "main") == 1
    }

    /// Switches a new store to WAL mode. The switch needs the file to itself and SQLite reports
    /// "busy" at once, without its busy handler, while another connection is opening the same
    /// new file; so it is tried again for up to `milliseconds`.
    private func enterWALMode(waitingAtMost milliseconds: Int32) throws(StoreError) {
        var waited: Int32 = 0
        while true {
            do {
                try execute("PRAGMA journal_mode=WAL")
                return
            } catch  where error.kind == .busy && waited < milliseconds {
                usleep(10_000)
                waited += 10
            }
        }
    }

    /// Commits from now on return once the transaction is in the write-ahead log, before it is
    /// on disk (`synchronous=NORMAL`); the caller makes them durable with
    /// ``WriteAheadLog/sync()`` before it tells anyone they happened.
    public func deferDurability() throws(StoreError) {
        if postgres != nil { return }
        try execute("PRAGMA synchronous=NORMAL")
    }

    /// Process-wide SQLite settings, applied before the first connection opens: no memory
    /// statistics (they cost a global mutex on every allocation and nothing here reads them).
    private static let configureLibrary: Void = {
        _ = csqlite_disable_memory_statistics()
    }()

    deinit {
        recent.removeAll()
        statements.removeAll()
        if checkpointHandOff != nil { sqlite3_wal_hook(handle, nil, nil) }
        sqlite3_close_v2(handle)
    }

    /// Creates an empty file with mode 0600 (it will hold personal data) unless one exists.
    ///
    /// An existing file is left unopened: closing any descriptor of a file cancels every POSIX
    /// lock this process holds on it, including the SHARED lock by which an open SQLite
    /// connection tells other processes it is alive; without it, another process closing the
    /// store deletes the WAL under this one and later commits are lost. SQLite gives the WAL
    /// and shared-memory files the database file's mode.
    private static func createPrivately(_ path: String) throws(StoreError) {
        var status = stat()
        if stat(path, &status) == 0 { return }
        let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        if descriptor < 0 && errno == EEXIST { return }
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw StoreError(
                kind: errno == EROFS || errno == EACCES ? .readOnly : .cannotOpen,
                message: "cannot create the store at \(path): \(reason) (check the directory exists and is writable)")
        }
        close(descriptor)
    }

    /// Runs one or more statements without parameters.
    public func execute(_ sql: String) throws(StoreError) {
        if let postgres { return try postgres.execute(sql) }
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        sqlite3_free(message)
        guard code == SQLITE_OK else {
            throw StoreError.sqlite(code, handle, "running '\(sql.prefix(40))…'")
        }
    }

    /// The cached prepared statement for `sql`.
    ///
    /// A string literal's text stays at one address for the whole run, so statements are first
    /// looked up in a small table indexed by that address: a hit costs a String == that sees
    /// the same storage at once, instead of hashing the whole SQL text. A slot is only used when
    /// its text equals `sql`, so an address reused by other text never gives a wrong statement.
    func statement(_ sql: String) throws(StoreError) -> Statement {
        let slot = sql.utf8.withContiguousStorageIfAvailable { text in
            Int(truncatingIfNeeded: (UInt(bitPattern: text.baseAddress) &* 0x9E37_79B9_7F4A_7C15) >> 54)
        }
        if let slot, let entry = recent[slot], entry.sql == sql { return entry.statement }
        let statement: Statement
        if let cached = statements[sql] {
            statement = cached
        } else {
            statement = try Statement(database: self, sql: sql)
            statements[sql] = statement
        }
        if let slot { recent[slot] = (sql, statement) }
        return statement
    }

    /// Runs `sql` with `values`, for its effect.
    public func run(_ sql: String, _ values: [SQLValue] = []) throws(StoreError) {
        if postgres != nil {
            _ = try postgresRows(sql, values)
            return
        }
        let statement = try statement(sql)
        defer { statement.reset() }
        try statement.bind(values)
        while try statement.step() {}
    }

    /// Runs `sql` with `values` and calls `row` for each result row.
    public func query(
        _ sql: String, _ values: [SQLValue] = [], row: (Statement) throws -> Void
    ) throws {
        if postgres != nil {
            for values in try postgresRows(sql, values) { try row(Statement(postgresRow: values)) }
            return
        }
        let statement = try statement(sql)
        defer { statement.reset() }
        try statement.bind(values)
        while try statement.step() { try row(statement) }
    }

    /// The rows of `sql` mapped by `transform`.
    public func rows<T>(
        _ sql: String, _ values: [SQLValue] = [], _ transform: (Statement) throws -> T
    ) throws -> [T] {
        var result: [T] = []
        try query(sql, values) { result.append(try transform($0)) }
        return result
    }

    /// The first row of `sql` mapped by `transform`, or nil.
    public func first<T>(
        _ sql: String, _ values: [SQLValue] = [], _ transform: (Statement) throws -> T
    ) throws -> T? {
        if postgres != nil {
            return try postgresRows(sql, values).first.map { try transform(Statement(postgresRow: $0)) }
        }
        let statement = try statement(sql)
        defer { statement.reset() }
        try statement.bind(values)
        return try statement.step() ? try transform(statement) : nil
    }

    /// The integer in the first column of the first row, or nil.
    public func scalar(_ sql: String, _ values: [SQLValue] = []) throws -> Int64? {
        try first(sql, values) { $0.optionalInt(0) } ?? nil
    }

    /// Runs `sql` with `values` on PostgreSQL and returns its rows, connecting again first when
    /// the server dropped the connection outside a transaction.
    private func postgresRows(_ sql: String, _ values: [SQLValue]) throws(StoreError) -> [[PostgresValue]] {
        guard let postgres else { return [] }
        if savepointDepth == 0 { try postgres.reconnectIfLost() }
        return try postgres.run(sql, values)
    }

    /// The rowid of the last insert on this connection.
    public var lastInsertID: Int64 { postgres?.lastInsertID ?? sqlite3_last_insert_rowid(handle) }

    /// Rows changed by the last statement.
    public var changes: Int { postgres?.changes ?? Int(sqlite3_changes(handle)) }

    /// Runs `body` in a write transaction (`BEGIN IMMEDIATE`); commits if it returns, rolls back
    /// if it throws. Inside another transaction it becomes a savepoint.
    public func write<T>(_ body: () throws -> T) throws -> T {
        try transaction(begin: "BEGIN IMMEDIATE", writing: true, body)
    }

    /// Runs `body` in a read transaction, so every query in it sees one snapshot.
    public func read<T>(_ body: () throws -> T) throws -> T {
        try transaction(begin: "BEGIN DEFERRED", writing: false, body)
    }

    private func transaction<T>(begin: String, writing: Bool, _ body: () throws -> T) throws -> T {
        if savepointDepth > 0 || inTransaction {
            return try savepoint(body)
        }
        try postgres?.reconnectIfLost()
        try execute(postgres == nil ? begin : Self.postgresBegin(writing: writing))
        savepointDepth = 1
        inWriteTransaction = writing
        if writing { writeTransactions += 1 }
        defer {
            savepointDepth = 0
            inWriteTransaction = false
        }
        do {
            let result = try body()
            if writing { try beforeCommit?() }
            try execute("COMMIT")
            return result
        } catch {
            if inTransaction { try? execute("ROLLBACK") }
            throw error
        }
    }

    /// Whether a transaction is open on the connection.
    private var inTransaction: Bool {
        postgres?.connection.isInTransaction ?? (sqlite3_get_autocommit(handle) == 0)
    }

    /// How a transaction begins on PostgreSQL: a write takes the writers' advisory lock first
    /// (``PostgresEngine/writerLock``); a read sees one snapshot.
    private static func postgresBegin(writing: Bool) -> String {
        writing
            ? "BEGIN; SELECT pg_advisory_xact_lock(\(PostgresEngine.writerLock))"
            : "BEGIN ISOLATION LEVEL REPEATABLE READ"
    }

    /// Runs `body` in a savepoint: its changes are undone if it throws, and the enclosing
    /// transaction goes on.
    public func savepoint<T>(_ body: () throws -> T) throws -> T {
        savepointDepth += 1
        let name = "sp\(savepointDepth)"
        defer { savepointDepth -= 1 }
        try control("SAVEPOINT \(name)")
        do {
            let result = try body()
            try control("RELEASE \(name)")
            return result
        } catch {
            try? execute("ROLLBACK TO \(name)")
            try? execute("RELEASE \(name)")
            throw error
        }
    }

    /// Runs `body`, whose failure the caller goes on from, so that a statement failing in it
    /// leaves the enclosing transaction usable: in a savepoint on PostgreSQL, where a failed
    /// statement aborts the whole transaction; as it is on SQLite, where only the statement fails.
    public func recoverable<T>(_ body: () throws -> T) throws -> T {
        guard postgres != nil, savepointDepth > 0 else { return try body() }
        return try savepoint(body)
    }

    /// Runs a savepoint's statement: prepared and cached on SQLite; sent as it is to PostgreSQL.
    private func control(_ sql: String) throws(StoreError) {
        if let postgres { return try postgres.execute(sql) }
        try run(sql)
    }

    /// The schema version (`PRAGMA user_version`).
    public var userVersion: Int64 {
        get throws { try scalar("PRAGMA user_version") ?? 0 }
    }
}
