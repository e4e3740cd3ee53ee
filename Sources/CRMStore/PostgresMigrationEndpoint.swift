import PostgresClient

/// A PostgreSQL store as one side of a migration. Its tables come from
/// `information_schema` and `pg_catalog` in the connection's current schema; `schema_version`
/// is the schema's bookkeeping and `lead_search` the search index the target rebuilds.
final class PostgresMigrationEndpoint: MigrationEndpoint {
    private let connection: PostgresConnection
    /// Each table's columns and their types (`udt_name`), in order, read once.
    private var types: [String: [(name: String, type: String)]] = [:]

    /// The store at `address`, its schema created or brought to the current version. A
    /// database whose schema holds other tables and no jivocrm schema is refused, not given
    /// jivocrm's tables.
    init(_ address: PostgresAddress) throws {
        connection = try PostgresConnection(address)
        let found = try connection.query(
            """
            SELECT to_regclass('schema_version') IS NULL AS new, (SELECT count(*) FROM information_schema.tables
                WHERE table_schema = current_schema()) AS tables
            """
        ).first
        guard try found?.value("new") != .boolean(true) || found?.integer("tables") == 0 else {
            throw StoreError(
                kind: .other,
                message: "the database at \(address) holds other tables and no jivocrm schema; give an empty "
                    + "database (`createdb NAME`) or a jivocrm store")
        }
        _ = try PostgresSchema.migrate(connection)
    }

    var label: String { connection.address.description }

    func tables() throws -> [MigrationTable] {
        try connection.query(
            """
            SELECT table_name::text AS name FROM information_schema.tables
            WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
                AND table_name NOT IN ('schema_version', 'lead_search')
            ORDER BY table_name::text COLLATE "C"
            """
        ).map { row in
            let name = try row.text("name")
            let key = try connection.query(
                """
                SELECT a.attname::text AS name FROM pg_index i
                JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey::int2[])
                WHERE i.indrelid = to_regclass($1) AND i.indisprimary
                ORDER BY array_position(i.indkey::int2[], a.attnum)
                """, [.text(MigrationTable.quoted(name))]
            ).map { try $0.text("name") }
            return MigrationTable(name: name, columns: try columnTypes(name).map(\.name), key: key)
        }
    }

    func foreignKeys() throws -> [MigrationForeignKey] {
        try connection.query(
            """
            SELECT child.relname::text AS child, parent.relname::text AS parent, a.attname::text AS column
            FROM pg_constraint c
            JOIN pg_class child ON child.oid = c.conrelid
            JOIN pg_class parent ON parent.oid = c.confrelid
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
            WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace
            """
        ).map {
            MigrationForeignKey(
                table: try $0.text("child"), column: try $0.text("column"), parent: try $0.text("parent"))
        }
    }

    func count(_ table: String) throws -> Int64 {
        try connection.query("SELECT count(*) AS rows FROM \(MigrationTable.quoted(table))").first?.integer("rows") ?? 0
    }

    func stream(_ table: MigrationTable, batch: Int, _ body: ([[MigrationValue]]) throws -> Void) throws {
        try connection.execute(
            "DECLARE jivocrm_migrate NO SCROLL CURSOR FOR "
                + "SELECT \(table.columnList) FROM \(MigrationTable.quoted(table.name))")
        while true {
            let rows = try connection.query("FETCH FORWARD \(batch) FROM jivocrm_migrate")
            if rows.isEmpty { break }
            try body(rows.map { $0.values.map(MigrationValue.init) })
        }
        try connection.execute("CLOSE jivocrm_migrate")
    }

    /// Text is ordered by its bytes (`COLLATE "C"`) and NULL first, as SQLite orders them.
    func sample(_ table: MigrationTable, _ sample: MigrationSample) throws -> [[MigrationValue]] {
        let types = try columnTypes(table.name).reduce(into: [String: String]()) { $0[$1.name] = $1.type }
        let order = { (direction: String) in
            table.order.map { column in
                let quoted = MigrationTable.quoted(column)
                let text = ["text", "citext", "varchar", "bpchar"].contains(types[column] ?? "")
                return (text ? quoted + "::text COLLATE \"C\"" : quoted) + " " + direction
            }.joined(separator: ", ")
        }
        let select = "SELECT \(table.columnList) FROM \(MigrationTable.quoted(table.name)) ORDER BY "
        let rows: [PostgresRow]
        switch sample {
        case .first(let count):
            rows = try connection.query(select + order("ASC NULLS FIRST") + " LIMIT $1", [.integer(Int64(count))])
        case .last(let count):
            rows = try connection.query(select + order("DESC NULLS LAST") + " LIMIT $1", [.integer(Int64(count))])
                .reversed()
        case .at(let offset):
            rows = try connection.query(select + order("ASC NULLS FIRST") + " LIMIT 1 OFFSET $1", [.integer(offset)])
        }
        return rows.map { $0.values.map(MigrationValue.init) }
    }

    func reading(_ body: () throws -> Void) throws {
        try connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        do {
            try body()
            try connection.execute("COMMIT")
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }

    /// The tables' own triggers are disabled for the copy (foreign keys stay checked), and the
    /// identity sequences set past the highest copied id.
    func writing(_ body: () throws -> Void) throws {
        let names = try tables().map(\.name).map(MigrationTable.quoted)
        try connection.transaction {
            for name in names { try connection.execute("ALTER TABLE \(name) DISABLE TRIGGER USER") }
            try body()
            try connection.execute(Self.rebuildSearch)
            let identities = try connection.query(
                """
                SELECT table_name::text AS name, column_name::text AS column FROM information_schema.columns
                WHERE table_schema = current_schema() AND is_identity = 'YES'
                """)
            for identity in identities {
                let table = try identity.text("name")
                let column = try identity.text("column")
                try connection.query(
                    "SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max("
                        + "\(MigrationTable.quoted(column))) FROM \(MigrationTable.quoted(table))), 0) + 1, false)",
                    [.text(MigrationTable.quoted(table)), .text(column)])
            }
            for name in names { try connection.execute("ALTER TABLE \(name) ENABLE TRIGGER USER") }
        }
    }

    func insert(_ table: String, columns: [String], rows: [[MigrationValue]]) throws {
        let types = try columnTypes(table).reduce(into: [String: String]()) { $0[$1.name] = $1.type }
        let columnTypes = columns.map { types[$0] ?? "text" }
        let perStatement = max(1, min(rows.count, 60_000 / max(1, columns.count)))
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(rows.count, start + perStatement)]
            var parameters: [PostgresValue] = []
            parameters.reserveCapacity(chunk.count * columns.count)
            let tuples = chunk.map { row in
                "("
                    + zip(row, columnTypes).map { value, type in
                        parameters.append(value.postgres(for: type))
                        return "$\(parameters.count)::\(type)"
                    }.joined(separator: ", ") + ")"
            }
            try connection.query(
                "INSERT INTO \(MigrationTable.quoted(table))(\(columns.map(MigrationTable.quoted).joined(separator: ", "))) "
                    + "VALUES " + tuples.joined(separator: ", "), parameters)
            start += chunk.count
        }
    }

    func update(_ table: String, column: String, to value: MigrationValue, key: String, id: MigrationValue) throws {
        let types = try columnTypes(table).reduce(into: [String: String]()) { $0[$1.name] = $1.type }
        let valueType = types[column] ?? "text"
        let keyType = types[key] ?? "text"
        try connection.query(
            "UPDATE \(MigrationTable.quoted(table)) SET \(MigrationTable.quoted(column)) = $1::\(valueType) "
                + "WHERE \(MigrationTable.quoted(key)) = $2::\(keyType)",
            [value.postgres(for: valueType), id.postgres(for: keyType)])
    }

    /// `table`'s columns and their types, in order; generated columns (the folded search text)
    /// aside, as they are computed, never written.
    private func columnTypes(_ table: String) throws -> [(name: String, type: String)] {
        if let known = types[table] { return known }
        let columns = try connection.query(
            """
            SELECT column_name::text AS name, udt_name::text AS type FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER'
            ORDER BY ordinal_position
            """, [.text(table)]
        ).map { (name: try $0.text("name"), type: try $0.text("type")) }
        types[table] = columns
        return columns
    }

    /// Fills the search index from the copied rows, as ``SearchIndex`` builds it.
    private static let rebuildSearch = SearchIndex.insertRows(postgres: true, where: "TRUE")
}
