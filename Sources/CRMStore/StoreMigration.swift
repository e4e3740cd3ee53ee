import Glibc

/// Copies a store whole to another engine (SQLite to PostgreSQL, or back), then checks the
/// copy: every table's rows counted on both sides, and a sample of rows (the first, the last
/// and some at random) compared column by column.
///
/// The copy reads the tables and columns from the source itself, in one read snapshot, and
/// writes them in one transaction on the target, a batch of rows at a time (a store of
/// millions of rows is never held in memory): parents before children, a table's references
/// to its own rows (a lead merged into a later one) set once the table is in. The target's
/// schema is created when absent; a target that holds any row is refused.
public enum StoreMigration {
    /// Copies the store at `source` into the empty store at `target`, `batch` rows at a time,
    /// then checks `samples` rows at each end of every table and `samples` at random.
    public static func run(
        from source: StoreAddress, to target: StoreAddress, batch: Int = 1000, samples: Int = 10
    ) throws -> MigrationSummary {
        guard source != target else {
            throw StoreError(
                kind: .other,
                message: "the target is the source (\(source)); give --to the address of another, empty store")
        }
        let from = try endpoint(source, isSource: true)
        let to = try endpoint(target, isSource: false)
        let tables = try from.tables()
        try checkSameTables(tables, from: from, to: to)
        try checkEmpty(to, tables: tables)
        let order = try copyOrder(tables, foreignKeys: try to.foreignKeys())
        try from.reading {
            try to.writing {
                for (table, deferred) in order {
                    try copy(table, deferring: deferred, from: from, to: to, batch: batch)
                }
            }
        }
        return try check(order.map(\.table), from: from, to: to, samples: samples)
    }

    /// Counts every table's rows on both sides and compares `samples` rows at each end of
    /// each table and `samples` at random, column by column.
    static func check(
        _ tables: [MigrationTable], from: any MigrationEndpoint, to: any MigrationEndpoint, samples: Int
    ) throws -> MigrationSummary {
        MigrationSummary(
            source: from.label, target: to.label,
            tables: try tables.map { try verify($0, from: from, to: to, samples: samples) })
    }

    /// The endpoint for `address`; a source must exist, a target is created when absent.
    static func endpoint(_ address: StoreAddress, isSource: Bool) throws -> any MigrationEndpoint {
        switch address {
        case .sqlite(let path):
            if isSource, access(path, F_OK) != 0 {
                throw StoreError(
                    kind: .cannotOpen,
                    message: "there is no store at \(path) to migrate from; give --db the store to copy")
            }
            return try SQLiteMigrationEndpoint(path: path, create: !isSource)
        case .postgres(let database):
            return try PostgresMigrationEndpoint(database)
        }
    }

    /// Fails unless both stores have the same tables (the same schema version).
    private static func checkSameTables(
        _ tables: [MigrationTable], from: any MigrationEndpoint, to: any MigrationEndpoint
    ) throws {
        let targetTables = try to.tables()
        for table in tables {
            guard let other = targetTables.first(where: { $0.name == table.name }) else {
                throw StoreError(
                    kind: .other,
                    message: "the target \(to.label) has no table \(table.name), which the source \(from.label) "
                        + "has; both must be at the same schema version: run this jivocrm's `jivocrm init` on each")
            }
            let missing = Set(table.columns).subtracting(other.columns)
            guard missing.isEmpty else {
                throw StoreError(
                    kind: .other,
                    message:
                        "the target's table \(table.name) lacks the columns \(missing.sorted().joined(separator: ", ")); "
                        + "both stores must be at the same schema version: run this jivocrm's `jivocrm init` on each")
            }
        }
        let extra = Set(targetTables.map(\.name)).subtracting(tables.map(\.name))
        guard extra.isEmpty else {
            throw StoreError(
                kind: .other,
                message:
                    "the target \(to.label) has tables the source lacks (\(extra.sorted().joined(separator: ", "))); "
                    + "both must be at the same schema version: run this jivocrm's `jivocrm init` on each")
        }
    }

    /// Fails, naming what it holds, when the target has any row.
    private static func checkEmpty(_ target: any MigrationEndpoint, tables: [MigrationTable]) throws {
        var held: [String] = []
        for table in tables {
            let rows = try target.count(table.name)
            if rows > 0 { held.append("\(rows) in \(table.name)") }
        }
        guard held.isEmpty else {
            throw StoreError(
                kind: .other,
                message: "the target \(target.label) is not empty (it holds rows: \(held.joined(separator: ", "))); "
                    + "migrate copies only into an empty store: give --to a new SQLite path, or an empty PostgreSQL "
                    + "database (`createdb NAME`), or remove this one first if it is a failed earlier copy")
        }
    }

    /// The tables in an order that puts every table after the tables it refers to, each with
    /// its columns that refer to its own rows (set after the table's rows are in).
    static func copyOrder(
        _ tables: [MigrationTable], foreignKeys: [MigrationForeignKey]
    ) throws -> [(table: MigrationTable, deferred: [String])] {
        let names = Set(tables.map(\.name))
        var parents = [String: Set<String>]()
        for key in foreignKeys where key.table != key.parent && names.contains(key.parent) {
            parents[key.table, default: []].insert(key.parent)
        }
        var placed = Set<String>()
        var order: [(table: MigrationTable, deferred: [String])] = []
        while order.count < tables.count {
            guard
                let next = tables.first(where: {
                    !placed.contains($0.name) && parents[$0.name, default: []].isSubset(of: placed)
                })
            else {
                let left = tables.map(\.name).filter { !placed.contains($0) }
                throw StoreError(
                    kind: .other,
                    message: "the tables \(left.joined(separator: ", ")) refer to each other in a cycle, which "
                        + "migrate cannot order; this is a bug in jivocrm's schema: report it")
            }
            placed.insert(next.name)
            let deferred = foreignKeys.filter { $0.table == next.name && $0.parent == next.name }.map(\.column)
            guard deferred.isEmpty || next.key.count == 1 else {
                throw StoreError(
                    kind: .other,
                    message: "the table \(next.name) refers to its own rows but has no one-column key, which "
                        + "migrate needs to set those references; this is a bug in jivocrm's schema: report it")
            }
            order.append((next, deferred))
        }
        return order
    }

    /// Copies `table`'s rows, `batch` at a time; columns in `deferred` are written empty and
    /// set once every row is in.
    private static func copy(
        _ table: MigrationTable, deferring deferred: [String], from: any MigrationEndpoint,
        to: any MigrationEndpoint, batch: Int
    ) throws {
        let positions = deferred.compactMap { table.columns.firstIndex(of: $0) }
        let keyPosition = table.key.first.flatMap { table.columns.firstIndex(of: $0) }
        var later: [(column: String, id: MigrationValue, value: MigrationValue)] = []
        try from.stream(table, batch: batch) { rows in
            guard let keyPosition, !positions.isEmpty else {
                try to.insert(table.name, columns: table.columns, rows: rows)
                return
            }
            let cleared = rows.map { row in
                var row = row
                for position in positions where row[position] != .null {
                    later.append((table.columns[position], row[keyPosition], row[position]))
                    row[position] = .null
                }
                return row
            }
            try to.insert(table.name, columns: table.columns, rows: cleared)
        }
        guard let key = table.key.first else { return }
        for reference in later {
            try to.update(table.name, column: reference.column, to: reference.value, key: key, id: reference.id)
        }
    }

    /// Counts `table`'s rows on both sides and compares the sampled rows column by column.
    private static func verify(
        _ table: MigrationTable, from: any MigrationEndpoint, to: any MigrationEndpoint, samples: Int
    ) throws -> MigrationSummary.Table {
        let name = table.name
        let sourceRows = try from.count(name)
        let targetRows = try to.count(name)
        var picks: [MigrationSample] = [.first(samples), .last(samples)]
        if sourceRows > 0 {
            picks += (0..<samples).map { _ in .at(Int64.random(in: 0..<sourceRows)) }
        }
        var compared = 0
        var mismatches: [String] = []
        for pick in picks {
            let expected = try from.sample(table, pick)
            let found = try to.sample(table, pick)
            compared += expected.count
            if expected.count != found.count {
                mismatches.append(
                    "\(describe(pick)): \(expected.count) rows in the source, \(found.count) in the target")
                continue
            }
            for (index, (want, got)) in zip(expected, found).enumerated() {
                let differing = zip(table.columns, zip(want, got)).filter { !$1.0.matches($1.1) }.map(\.0)
                guard !differing.isEmpty else { continue }
                let id = table.key.count == 1 ? table.columns.firstIndex(of: table.key[0]).map { want[$0] } : nil
                let named = id.flatMap { value -> String? in
                    guard case .integer(let number) = value else { return nil }
                    return " (\(table.key[0]) \(number))"
                }
                mismatches.append(
                    "\(describe(pick)), row \(index + 1)\(named ?? ""): \(differing.joined(separator: ", ")) differ")
            }
        }
        return MigrationSummary.Table(
            name: name, sourceRows: sourceRows, targetRows: targetRows, sampledRows: compared, mismatches: mismatches)
    }

    private static func describe(_ sample: MigrationSample) -> String {
        switch sample {
        case .first(let count): "the first \(count) rows"
        case .last(let count): "the last \(count) rows"
        case .at(let offset): "the row at \(offset)"
        }
    }
}
