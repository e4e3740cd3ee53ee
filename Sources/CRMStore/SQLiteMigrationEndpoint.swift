/// A SQLite store as one side of a migration. Its tables come from `sqlite_master` and
/// `PRAGMA table_info`; the FTS5 search tables (and their shadow tables) are the index the
/// target rebuilds, not data.
final class SQLiteMigrationEndpoint: MigrationEndpoint {
    private let database: Database

    /// The store at `path`, brought to the current schema; created when `create` and absent.
    /// A SQLite file that is not a jivocrm store is refused, not given jivocrm's tables.
    init(path: String, create: Bool) throws {
        if create { try Store.createDirectory(containing: path) }
        database = try Database(path: path, create: create)
        let foreign = try database.scalar("SELECT count(*) FROM sqlite_master") ?? 0
        guard try database.userVersion > 0 || foreign == 0 else {
            throw StoreError(
                kind: .other,
                message: "\(path) is a SQLite database but not a jivocrm store; give a new path, or a jivocrm store")
        }
        try Schema.migrate(database)
    }

    var label: String { database.path }

    func tables() throws -> [MigrationTable] {
        let all = try database.rows(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        ) { (name: $0.text(0), virtual: $0.text(1).uppercased().hasPrefix("CREATE VIRTUAL")) }
        let indexes = all.filter(\.virtual).map(\.name)
        return try all.filter { table in
            !table.virtual && !indexes.contains { table.name.hasPrefix($0 + "_") }
        }.map { table in
            let columns = try database.rows(
                "SELECT name, pk FROM pragma_table_info(?) ORDER BY cid", [.text(table.name)]
            ) { (name: $0.text(0), key: $0.int(1)) }
            return MigrationTable(
                name: table.name, columns: columns.map(\.name),
                key: columns.filter { $0.key > 0 }.sorted { $0.key < $1.key }.map(\.name))
        }
    }

    func foreignKeys() throws -> [MigrationForeignKey] {
        try tables().flatMap { table in
            try database.rows("SELECT \"from\", \"table\" FROM pragma_foreign_key_list(?)", [.text(table.name)]) {
                MigrationForeignKey(table: table.name, column: $0.text(0), parent: $0.text(1))
            }
        }
    }

    func count(_ table: String) throws -> Int64 {
        try database.scalar("SELECT count(*) FROM \(MigrationTable.quoted(table))") ?? 0
    }

    func stream(_ table: MigrationTable, batch: Int, _ body: ([[MigrationValue]]) throws -> Void) throws {
        var rows: [[MigrationValue]] = []
        rows.reserveCapacity(batch)
        try database.query("SELECT \(table.columnList) FROM \(MigrationTable.quoted(table.name))") { statement in
            rows.append(statement.migrationRow(table.columns.count))
            if rows.count >= batch {
                try body(rows)
                rows.removeAll(keepingCapacity: true)
            }
        }
        if !rows.isEmpty { try body(rows) }
    }

    func sample(_ table: MigrationTable, _ sample: MigrationSample) throws -> [[MigrationValue]] {
        let select = "SELECT \(table.columnList) FROM \(MigrationTable.quoted(table.name)) ORDER BY "
        let order = { (direction: String) in
            table.order.map { MigrationTable.quoted($0) + " " + direction }.joined(separator: ", ")
        }
        let width = table.columns.count
        switch sample {
        case .first(let count):
            return try database.rows(select + order("ASC") + " LIMIT ?", [.integer(Int64(count))]) {
                $0.migrationRow(width)
            }
        case .last(let count):
            let rows = try database.rows(select + order("DESC") + " LIMIT ?", [.integer(Int64(count))]) {
                $0.migrationRow(width)
            }
            return rows.reversed()
        case .at(let offset):
            return try database.rows(select + order("ASC") + " LIMIT 1 OFFSET ?", [.integer(offset)]) {
                $0.migrationRow(width)
            }
        }
    }

    func reading(_ body: () throws -> Void) throws {
        try database.read(body)
    }

    /// Triggers are dropped for the copy and created again before the commit (the search
    /// index's message trigger too: the index is rebuilt whole instead); foreign keys are
    /// checked at the commit.
    func writing(_ body: () throws -> Void) throws {
        try database.write {
            let triggers = try database.rows("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'") {
                (name: $0.text(0), sql: $0.text(1))
            }
            for trigger in triggers { try database.execute("DROP TRIGGER \(MigrationTable.quoted(trigger.name))") }
            try database.execute("PRAGMA defer_foreign_keys = ON")
            try body()
            try database.execute(Self.rebuildSearch)
            for trigger in triggers { try database.execute(trigger.sql) }
        }
    }

    func insert(_ table: String, columns: [String], rows: [[MigrationValue]]) throws {
        let sql =
            "INSERT INTO \(MigrationTable.quoted(table))(\(columns.map(MigrationTable.quoted).joined(separator: ", "))) "
            + "VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))"
        for row in rows { try database.run(sql, row.map(\.sqlite)) }
    }

    func update(_ table: String, column: String, to value: MigrationValue, key: String, id: MigrationValue) throws {
        try database.run(
            "UPDATE \(MigrationTable.quoted(table)) SET \(MigrationTable.quoted(column)) = ? "
                + "WHERE \(MigrationTable.quoted(key)) = ?", [value.sqlite, id.sqlite])
    }

    /// Fills the search index from the copied rows (each live lead's text as ``SearchIndex``
    /// builds it) and the messages' index from the messages.
    private static let rebuildSearch =
        "DELETE FROM lead_search;\n" + SearchIndex.insertRows(postgres: false, where: "1") + ";\n"
        + "INSERT INTO message_search(message_search) VALUES ('rebuild');"
}
