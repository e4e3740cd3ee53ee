/// One side of a migration, a store on one engine, as the copy and the check use it. The
/// copy reads the source's tables and columns from the engine itself, so a later schema
/// version is copied without this code knowing it.
protocol MigrationEndpoint: AnyObject {
    /// The store's address as messages show it (no password).
    var label: String { get }
    /// The tables that hold the store's data, by name: every table of the schema but the
    /// engine's own bookkeeping and the search index (which the target rebuilds).
    func tables() throws -> [MigrationTable]
    /// The foreign keys among the tables.
    func foreignKeys() throws -> [MigrationForeignKey]
    /// How many rows `table` holds.
    func count(_ table: String) throws -> Int64
    /// Calls `body` with every row of `table` (its `columns`), a batch of at most `batch` rows
    /// at a time, without holding the whole table in memory.
    func stream(
        _ table: MigrationTable, batch: Int, _ body: ([[MigrationValue]]) throws -> Void) throws
    /// The rows `sample` takes from `table`, every column of each, in the table's sample order.
    func sample(_ table: MigrationTable, _ sample: MigrationSample) throws -> [[MigrationValue]]
    /// Runs `body` in one read transaction, so everything it reads is one snapshot.
    func reading(_ body: () throws -> Void) throws
    /// Runs `body` in one write transaction, with the target's triggers held off (a copied
    /// event must not queue forwarding again); then rebuilds the search index and, where the
    /// engine keeps them, sets the id sequences past the copied rows, before committing.
    func writing(_ body: () throws -> Void) throws
    /// Inserts `rows` (values of `columns`, in order) into `table`.
    func insert(_ table: String, columns: [String], rows: [[MigrationValue]]) throws
    /// Sets `column` to `value` in the row of `table` whose `key` column is `id`.
    func update(_ table: String, column: String, to value: MigrationValue, key: String, id: MigrationValue) throws
}
