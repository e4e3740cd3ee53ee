extension Database {
    /// What `PRAGMA integrity_check` (or, `quick`, `PRAGMA quick_check`) finds wrong with the
    /// file: empty when it is sound.
    ///
    /// On PostgreSQL the server keeps its own files sound, so this checks what the store can
    /// see: that the database holds jivocrm's schema and, unless `quick`, that every row of
    /// every table reads back whole (a full scan that also reads the values stored apart,
    /// verifying the pages' checksums where the cluster has them). Indexes are not checked:
    /// `pg_amcheck` does that. A database without the schema is no damaged store: that throws
    /// a ``StoreError`` of kind `cannotOpen`.
    public func integrityProblems(quick: Bool = false) throws -> [String] {
        if isPostgres { return try postgresProblems(quick: quick) }
        let lines = try rows(quick ? "PRAGMA quick_check" : "PRAGMA integrity_check") { $0.text(0) }
        return lines == ["ok"] ? [] : lines
    }

    private func postgresProblems(quick: Bool) throws -> [String] {
        let tables = try rows(
            "SELECT table_name::text FROM information_schema.tables "
                + "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
        ) { $0.text(0) }
        guard tables.contains("schema_version") else {
            throw StoreError(kind: .cannotOpen, message: "\(path) holds no jivocrm schema (no table schema_version)")
        }
        if quick { return [] }
        var problems: [String] = []
        for table in tables {
            do {
                _ = try scalar("SELECT count(*) FROM \"\(table)\" AS r WHERE r::text IS NOT NULL")
            } catch {
                problems.append("table \(table) cannot be read in full: \(error)")
            }
        }
        return problems
    }
}
