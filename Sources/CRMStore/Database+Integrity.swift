import PostgresClient

extension Database {
    /// What `PRAGMA integrity_check` (or, `quick`, `PRAGMA quick_check`) finds wrong with the
    /// file: empty when it is sound.
    ///
    /// On PostgreSQL the server keeps its own files sound, so this checks what the store can
    /// see: that the database holds jivocrm's schema and, unless `quick`, that every row of
    /// every table reads back whole (a full scan that also reads the values stored apart,
    /// verifying the pages' checksums where the cluster has them). Indexes are not checked:
    /// `pg_amcheck` does that. A database without the schema is no damaged store: that throws
    /// a ``StoreError`` of kind `cannotOpen`, as does a role that may not read the schema.
    public func integrityProblems(quick: Bool = false) throws -> [String] {
        if let postgres { return try postgresProblems(postgres.connection, quick: quick) }
        let lines = try rows(quick ? "PRAGMA quick_check" : "PRAGMA integrity_check") { $0.text(0) }
        return lines == ["ok"] ? [] : lines
    }

    /// On PostgreSQL, what the schema lacks against the one this jivocrm creates, as the
    /// database's catalog lists it: a schema version older than ours, or each table, index,
    /// function or trigger missing (someone dropped it), each with what to do. Empty on SQLite
    /// (its integrity check covers its schema) and for a schema newer than ours (the verbs
    /// refuse it). Throws as ``integrityProblems(quick:)`` does for a database without the schema.
    public func schemaProblems() throws -> [String] {
        guard let connection = postgres?.connection else { return [] }
        let version = try schemaVersion(connection)
        guard version == PostgresSchema.currentVersion else {
            return version > PostgresSchema.currentVersion
                ? []
                : [
                    "the schema is at version \(version), older than this jivocrm's (\(PostgresSchema.currentVersion)): "
                        + "run `jivocrm init --db ADDRESS` as the database's owner to bring it up to date"
                ]
        }
        return try PostgresSchema.missingObjects(connection).map { object in
            switch object.kind {
            case .table:
                "\(object) is missing, and its rows with it: restore a backup (`jivocrm restore FILE --yes`)"
            case .trigger where object.name == object.table + "_changed":
                "\(object) is missing (without it, consoles do not see the changes other hosts make to "
                    + "\(object.table)): run `jivocrm init --db ADDRESS` as the database's owner to create it again"
            case .index, .function, .trigger:
                "\(object) is missing: run `jivocrm init --db ADDRESS` as the database's owner to create it again"
            }
        }
    }

    /// The schema version of the PostgreSQL database `connection` is on; a database without
    /// jivocrm's schema throws.
    private func schemaVersion(_ connection: PostgresConnection) throws -> Int64 {
        guard let version = try PostgresSchema.version(connection) else {
            throw StoreError(
                kind: .cannotOpen,
                message: "\(path) holds no jivocrm schema (no table schema_version); to create it, run "
                    + "`jivocrm init --db ADDRESS` as the database's owner")
        }
        return version
    }

    private func postgresProblems(_ connection: PostgresConnection, quick: Bool) throws -> [String] {
        _ = try schemaVersion(connection)
        if quick { return [] }
        let tables = try connection.query(
            "SELECT tablename::text AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        ).map { try $0.text("name") }
        var problems: [String] = []
        for table in tables {
            do {
                try connection.query("SELECT count(*) FROM \"\(table)\" AS r WHERE r::text IS NOT NULL")
            } catch let error where error.sqlState == "42501" {
                throw PostgresSchema.permissionError(error, on: connection)
            } catch {
                problems.append("table \(table) cannot be read in full: \(error)")
            }
        }
        return problems
    }
}
