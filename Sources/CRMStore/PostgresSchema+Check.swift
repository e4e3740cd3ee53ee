import PostgresClient

extension PostgresSchema {
    /// The tables, indexes, functions and triggers the migrations leave at the current version.
    static let objects = PostgresSchemaObject.objects(of: migrations)

    /// The schema version of the database `connection` is on; nil when it holds no table
    /// `schema_version` (whatever the role may read: the catalog says whether it exists). A role
    /// that may not read it is a ``StoreError`` of kind `cannotOpen` saying so.
    static func version(_ connection: PostgresConnection) throws -> Int64? {
        let present = try connection.query("SELECT to_regclass('schema_version') IS NOT NULL AS present")
        guard try present.first?.value("present") == .boolean(true) else { return nil }
        let rows: [PostgresRow]
        do {
            rows = try connection.query("SELECT coalesce(max(version), 0) AS version FROM schema_version")
        } catch {
            throw error.sqlState == "42501" ? permissionError(error, on: connection) : error
        }
        return try rows.first?.integer("version") ?? 0
    }

    /// The objects of the current version's schema that the database `connection` is on lacks,
    /// as its catalog lists them (which any role may read).
    static func missingObjects(_ connection: PostgresConnection) throws -> [PostgresSchemaObject] {
        let schema = "current_schema()::text::regnamespace"
        let rows = try connection.query(
            """
            SELECT 'table' AS kind, relname::text AS name, relname::text AS owner FROM pg_class
                WHERE relnamespace = \(schema) AND relkind IN ('r', 'p')
            UNION ALL SELECT 'index', i.relname::text, t.relname::text FROM pg_index x
                JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
                WHERE t.relnamespace = \(schema)
            UNION ALL SELECT 'function', proname::text, '' FROM pg_proc WHERE pronamespace = \(schema)
            UNION ALL SELECT 'trigger', g.tgname::text, t.relname::text FROM pg_trigger g
                JOIN pg_class t ON t.oid = g.tgrelid WHERE t.relnamespace = \(schema) AND NOT g.tgisinternal
            """)
        let present = Set(try rows.map { "\(try $0.text("kind")) \(try $0.text("name")) \(try $0.text("owner"))" })
        return objects.filter { !present.contains("\($0.kind.rawValue) \($0.name) \($0.table)") }
    }

    /// Creates again the indexes, functions and triggers of the current version's schema that
    /// the database at `address` lacks (someone dropped them), in one transaction under the
    /// migrations' lock; returns them. A database whose schema is not current is left to
    /// ``prepare(_:)``, and one that lacks a table is refused: its rows are gone, and only a
    /// backup has them.
    public static func repair(_ address: PostgresAddress) throws -> [PostgresSchemaObject] {
        let connection = try PostgresConnection(address)
        do {
            return try connection.transaction {
                try connection.query("SELECT pg_advisory_xact_lock($1)", [.integer(lockKey)])
                guard try version(connection) == currentVersion else { return [] }
                let missing = try missingObjects(connection)
                if let table = missing.first(where: { $0.kind == .table }) {
                    throw StoreError(
                        kind: .corrupt,
                        message: "the store at \(address) has no \(table) (someone dropped it, and its rows with it); "
                            + "restore a backup (`jivocrm restore FILE --yes`)")
                }
                for object in missing { try connection.execute(object.statement) }
                return missing
            }
        } catch let error as PostgresError where error.sqlState == "42501" {
            throw permissionError(error, on: connection)
        }
    }

    /// The error for the role `connection` logged in as lacking a right on the schema, as
    /// PostgreSQL's `error` says (`permission denied …`): who may fix it and how.
    static func permissionError(_ error: PostgresError, on connection: PostgresConnection) -> StoreError {
        StoreError(
            kind: .cannotOpen,
            message: "the role \(connection.user) may not create or read jivocrm's schema in \(connection.address) "
                + "(\(error)); run `jivocrm init` once as the database's owner, then grant this role what the "
                + "app needs on the schema's tables (SELECT, INSERT, UPDATE, DELETE) and sequences (USAGE)")
    }
}
