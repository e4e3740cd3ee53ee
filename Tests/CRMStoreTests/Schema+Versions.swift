@testable import CRMStore

extension Schema {
    /// A database at `path` made by the first `version` migrations alone and marked with that
    /// version, as a store of that schema was: for the tests that open one with today's code.
    static func database(at path: String, version: Int) throws -> Database {
        let database = try Database(path: path)
        for migration in migrations.prefix(version) { try database.execute(migration) }
        try database.execute("PRAGMA user_version = \(version)")
        return database
    }
}
