extension Database {
    /// What `PRAGMA integrity_check` finds wrong with the file: empty when it is sound.
    ///
    /// SQLite 3.40 reports "NULL value in T.C" for NOT NULL columns of WITHOUT ROWID tables
    /// that hold no NULL (a false positive fixed in later releases), so each such report is
    /// confirmed with a query and dropped if no row has that column NULL.
    public func integrityProblems() throws -> [String] {
        let lines = try rows("PRAGMA integrity_check") { $0.text(0) }
        guard lines != ["ok"] else { return [] }
        return try lines.filter { line in
            guard line.hasPrefix("NULL value in "), let dot = line.lastIndex(of: ".") else { return true }
            let table = line.dropFirst("NULL value in ".count)[..<dot]
            let column = line[line.index(after: dot)...]
            guard Self.isIdentifier(table), Self.isIdentifier(column) else { return true }
            return try scalar("SELECT count(*) FROM \"\(table)\" WHERE \"\(column)\" IS NULL") != 0
        }
    }

    private static func isIdentifier(_ text: Substring) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { $0 == UInt8(ascii: "_") || (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) }
    }
}
