extension Database {
    /// What `PRAGMA integrity_check` finds wrong with the file: empty when it is sound.
    public func integrityProblems() throws -> [String] {
        let lines = try rows("PRAGMA integrity_check") { $0.text(0) }
        return lines == ["ok"] ? [] : lines
    }
}
