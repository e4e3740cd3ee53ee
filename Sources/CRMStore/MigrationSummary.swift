/// What `jivocrm migrate` copied and what its check found, table by table.
public struct MigrationSummary: Sendable, Equatable {
    /// One table: its rows on each side, the rows compared, and what differed.
    public struct Table: Sendable, Equatable {
        /// The table's name.
        public let name: String
        /// Its rows in the source.
        public let sourceRows: Int64
        /// Its rows in the target after the copy.
        public let targetRows: Int64
        /// How many sampled rows were compared column by column.
        public let sampledRows: Int
        /// What differed (which sampled row, which column; never the values), empty when nothing.
        public let mismatches: [String]

        /// Whether the counts and every sampled row are equal.
        public var isEqual: Bool { sourceRows == targetRows && mismatches.isEmpty }
    }

    /// The source store's address as messages show it.
    public let source: String
    /// The target store's address as messages show it.
    public let target: String
    /// Every table copied, in the order copied.
    public let tables: [Table]

    /// Whether every table's counts and samples are equal.
    public var isVerified: Bool { tables.allSatisfy(\.isEqual) }
}
