import PostgresClient

/// The PostgreSQL side of a ``Database``: one connection, each statement text translated
/// (``PostgresStatementText``) and prepared once, then run with its values as parameters.
final class PostgresEngine {
    /// The connection.
    let connection: PostgresConnection
    /// Prepared statements by their SQLite text, the least recently used deallocated beyond
    /// ``statementCapacity`` (statement texts built from data, such as a search's terms, would
    /// otherwise grow the server's memory for as long as the connection lives).
    private var prepared: StatementCache<(name: String, text: PostgresStatementText)>
    /// How many statements have been prepared on this connection (each is named by its number).
    private var preparedCount = 0
    /// Whether statements prepared before the schema was made anew (``isStalePlan(_:)``) are
    /// still on the server, to be deallocated once no transaction is open.
    private var staleStatements = false
    /// The id the last insert into a table with an `id` column returned.
    private(set) var lastInsertID: Int64 = 0
    /// The rows the last statement changed.
    private(set) var changes = 0

    /// The advisory lock every write transaction takes first, so that writers from every
    /// process run one at a time, as SQLite's `BEGIN IMMEDIATE` makes them: an event's
    /// redelivery check and its insert, and a new visitor's lookup and lead, are one step.
    static let writerLock: Int64 = 0x6a69_766f_7772_6974

    /// The most statements a connection keeps prepared: more than the store's fixed texts.
    static let statementCapacity = 512

    /// How long a statement waits for a lock before it fails as busy, ms (nil: the server's
    /// setting); set again on every connection made.
    private let lockTimeout: Int32?

    /// Connects to `address`; keeps at most `statementCapacity` statements prepared; sets
    /// `lock_timeout` to `lockTimeout` milliseconds if given.
    init(
        _ address: PostgresAddress, lockTimeout: Int32? = nil,
        statementCapacity: Int = PostgresEngine.statementCapacity
    ) throws(StoreError) {
        prepared = StatementCache(capacity: statementCapacity)
        self.lockTimeout = lockTimeout
        do {
            connection = try PostgresConnection(address)
        } catch {
            throw StoreError(kind: .cannotOpen, message: error.description)
        }
        try setLockTimeout()
    }

    private func setLockTimeout() throws(StoreError) {
        guard let lockTimeout else { return }
        do {
            try connection.execute("SET lock_timeout = \(max(1, lockTimeout))")
        } catch {
            throw Self.storeError(error)
        }
    }

    /// Connects again when the connection was lost (the server restarted, or a failover), so
    /// that the next statement or transaction outside a transaction runs; the statements
    /// prepared on the lost connection are prepared again as they are used.
    func reconnectIfLost() throws(StoreError) {
        guard !connection.isConnected else { return }
        do {
            try connection.reconnect()
        } catch {
            throw Self.storeError(error)
        }
        prepared.removeAll()
        staleStatements = false
        try setLockTimeout()
    }

    /// Runs the SQLite statement `sql` with `values`; returns its rows.
    ///
    /// When the schema was made anew under the connection (a restore by `pg_restore` recreates
    /// its types, and a statement prepared on the old ones fails for good, ``isStalePlan(_:)``),
    /// every statement is prepared again from then on: outside a transaction this one is run
    /// again at once; inside one it fails as a passing failure (the transaction is lost anyway),
    /// and the next runs.
    func run(_ sql: String, _ values: [SQLValue], retried: Bool = false) throws(StoreError) -> [[PostgresValue]] {
        if staleStatements && !connection.isInTransaction { try deallocateStaleStatements() }
        let statement = try statement(sql, values)
        let parameters = values.map(\.postgres)
        do {
            let outcome = try connection.runPrepared(statement.name, sql: statement.text.sql, parameters)
            changes = outcome.changes
            if statement.text.returnsID, case .integer(let id) = outcome.rows.last?.first {
                lastInsertID = id
                return []
            }
            return outcome.rows
        } catch  where Self.isStalePlan(error) && !retried {
            prepared.removeAll()
            staleStatements = true
            guard connection.isInTransaction else { return try run(sql, values, retried: true) }
            throw StoreError(
                kind: .busy,
                message: "\(error.description); the store's schema was made anew (a restore?) while this connection "
                    + "was open: its statements are prepared again, try again")
        } catch {
            throw Self.storeError(error)
        }
    }

    /// Whether `error` is PostgreSQL refusing a statement prepared before the types it returns
    /// were made anew (`cached plan must not change result type`): it refuses it every time.
    static func isStalePlan(_ error: PostgresError) -> Bool {
        error.sqlState == "0A000" && error.description.contains("cached plan must not change result type")
    }

    /// Deallocates every statement prepared on the connection (outside a transaction), after
    /// the schema was made anew; the store's statements are prepared again as they are used.
    private func deallocateStaleStatements() throws(StoreError) {
        do {
            try connection.execute("DEALLOCATE ALL")
        } catch {
            throw Self.storeError(error)
        }
        prepared.removeAll()
        staleStatements = false
    }

    /// Runs `sql`, which takes no values and may hold several statements.
    func execute(_ sql: String) throws(StoreError) {
        do {
            try connection.execute(sql)
        } catch {
            throw Self.storeError(error)
        }
    }

    /// The prepared statement for `sql`, prepared now if it is new. The server infers each
    /// parameter's type from where it stands; where that says nothing (`? IS NULL`), the types
    /// of the first values given decide. A failed preparation inside a transaction is undone by
    /// a savepoint, so the transaction goes on.
    private func statement(_ sql: String, _ values: [SQLValue]) throws(StoreError) -> (
        name: String, text: PostgresStatementText
    ) {
        if let known = prepared.value(for: sql) { return known }
        let text = PostgresStatementText(sql)
        let name = "jivocrm\(preparedCount + 1)"
        let guarded = connection.isInTransaction
        do {
            if guarded { try connection.execute("SAVEPOINT jivocrm_prepare") }
            do {
                try connection.prepare(name, text.sql, parameterCount: text.parameterCount)
            } catch  where error.sqlState == "42P18" || error.sqlState == "42P08" {
                if guarded { try connection.execute("ROLLBACK TO SAVEPOINT jivocrm_prepare") }
                try connection.prepare(
                    name, text.sql, parameterCount: text.parameterCount, types: values.map(\.postgresType))
            }
            if guarded { try connection.execute("RELEASE SAVEPOINT jivocrm_prepare") }
        } catch {
            if guarded {
                try? connection.execute("ROLLBACK TO SAVEPOINT jivocrm_prepare")
                try? connection.execute("RELEASE SAVEPOINT jivocrm_prepare")
            }
            throw Self.storeError(error)
        }
        preparedCount += 1
        if let evicted = prepared.insert((name, text), for: sql) {
            do {
                try connection.execute("DEALLOCATE \(evicted.name)")
            } catch {
                throw Self.storeError(error)
            }
        }
        return (name, text)
    }

    /// A PostgreSQL failure as the store reports it: a lost connection, a lock or serialization
    /// conflict, a full disk or a read-only server may pass (transient, answered 503); a
    /// constraint is the data's; anything else is a bug's.
    static func storeError(_ error: PostgresError) -> StoreError {
        let kind: StoreError.Kind
        switch (error.kind, error.sqlState ?? "") {
        case (.connection, _): kind = .busy
        case (_, let state) where state.hasPrefix("08") || state.hasPrefix("57P"): kind = .busy
        case (_, "40001"), (_, "40P01"), (_, "55P03"): kind = .busy
        case (_, let state) where state.hasPrefix("53"): kind = .full
        case (_, "25006"): kind = .readOnly
        case (_, let state) where state.hasPrefix("23"): kind = .constraint
        case (_, "42501"), (_, "28000"), (_, "28P01"): kind = .cannotOpen
        default: kind = .other
        }
        return StoreError(kind: kind, message: error.description)
    }
}

extension SQLValue {
    /// The value as a PostgreSQL parameter.
    var postgres: PostgresValue {
        switch self {
        case .null: .null
        case .integer(let number): .integer(number)
        case .real(let number): .double(number)
        case .text(let text): .text(text)
        case .blob(let bytes): .bytes(bytes)
        }
    }

    /// The PostgreSQL type oid of the value (0, to infer, for NULL).
    var postgresType: UInt32 {
        switch self {
        case .null: 0
        case .integer: 20
        case .real: 701
        case .text: 25
        case .blob: 17
        }
    }
}
