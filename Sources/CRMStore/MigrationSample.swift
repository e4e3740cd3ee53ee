/// Which rows of a table a verification sample takes, in the table's sample order.
enum MigrationSample: Sendable, Equatable {
    /// The first `n` rows.
    case first(Int)
    /// The last `n` rows.
    case last(Int)
    /// The one row `n` rows from the start.
    case at(Int64)
}
