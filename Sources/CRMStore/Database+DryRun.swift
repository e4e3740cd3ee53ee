extension Database {
    /// Runs `body` in a write transaction; with `dryRun`, rolls it back and still answers what
    /// `body` answered (an import or an erasure that reports what it would do).
    func write<T: Sendable>(dryRun: Bool, _ body: () throws -> T) throws -> T {
        do {
            return try write {
                let result = try body()
                if dryRun { throw DryRunRollback(result: result) }
                return result
            }
        } catch let rollback as DryRunRollback<T> {
            return rollback.result
        }
    }
}

/// Thrown to roll a dry run's transaction back, carrying its answer out.
private struct DryRunRollback<T: Sendable>: Error {
    let result: T
}
