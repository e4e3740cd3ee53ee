/// A foreign key of the target's schema: `table.column` refers to a row of `parent`.
struct MigrationForeignKey: Sendable, Equatable {
    /// The referring table.
    let table: String
    /// The referring column.
    let column: String
    /// The table referred to.
    let parent: String
}
