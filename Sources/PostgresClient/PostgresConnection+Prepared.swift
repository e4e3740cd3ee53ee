import CLibPQ

/// Prepared statements whose parameter types the server infers, for a caller that prepares each
/// statement text once and runs it many times (the store's engine-neutral `Database`).
extension PostgresConnection {
    /// What one run of a prepared statement gave: its rows' values in column order, and how many
    /// rows it changed (or returned).
    public struct Outcome: Sendable {
        /// The rows, each its values in column order.
        public var rows: [[PostgresValue]]
        /// The rows the statement inserted, updated, deleted or selected.
        public var changes: Int
    }

    /// Prepares `sql` (with `$1`, `$2`, … for its `parameterCount` parameters) as `name`. The
    /// server infers each parameter's type from where it stands unless `types` names them
    /// (PostgreSQL type oids, 0 to infer), for a parameter whose place says nothing (`$1 IS NULL`).
    public func prepare(_ name: String, _ sql: String, parameterCount: Int, types: [UInt32] = [])
        throws(PostgresError)
    {
        let oids = types.map { Oid($0) }
        let result = oids.withUnsafeBufferPointer { buffer in
            PQprepare(handle, name, sql, Int32(parameterCount), types.isEmpty ? nil : buffer.baseAddress)
        }
        defer { PQclear(result) }
        try check(result, sql: sql)
    }

    /// Runs the statement prepared as `name` with `parameters`; `sql` is its text, for messages.
    public func runPrepared(_ name: String, sql: String, _ parameters: [PostgresValue]) throws(PostgresError)
        -> Outcome
    {
        let result = try withEncoded(parameters, sql: sql) { _, values, lengths, formats in
            PQexecPrepared(handle, name, Int32(parameters.count), values, lengths, formats, 0)
        }
        defer { PQclear(result) }
        try check(result, sql: sql)
        guard let result else { return Outcome(rows: [], changes: 0) }
        let columnCount = PQnfields(result)
        let types = (0..<columnCount).map { PQftype(result, $0) }
        let rows = (0..<PQntuples(result)).map { row in
            (0..<columnCount).map { column -> PostgresValue in
                guard PQgetisnull(result, row, column) == 0, let text = PQgetvalue(result, row, column) else {
                    return .null
                }
                return Self.value(text, type: types[Int(column)])
            }
        }
        let changes = PQcmdTuples(result).map { Int(String(cString: $0)) ?? 0 } ?? 0
        return Outcome(rows: rows, changes: changes)
    }

    /// Whether a transaction is open on the connection (or failed and not yet rolled back).
    public var isInTransaction: Bool {
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE
    }
}

extension PostgresConnection {
    /// Whether the connection is up (false once the server closed it or the network failed).
    public var isConnected: Bool { PQstatus(handle) == CONNECTION_OK }

    /// Connects again after the connection was lost (with the same address); statements
    /// prepared before are gone, and `LISTEN`s must be made again.
    public func reconnect() throws(PostgresError) {
        PQreset(handle)
        guard PQstatus(handle) == CONNECTION_OK else {
            throw .connection(address, Self.message(PQerrorMessage(handle)))
        }
    }
}
