import CRMStore

/// `jivocrm check`: verifies the store's file is sound.
enum CheckCommand: Command {
    static let name = "check"
    static let synopsis = "check"
    static let summary = "Check the store's integrity: prints ok, or the problems and exits 1."
    static let details = """
        Runs SQLite's integrity check on the store without changing it. Safe while `serve` runs.
        On PostgreSQL, whose server keeps its own files sound, it checks that the database holds
        jivocrm's schema, every table, index, function and trigger of it (`init` creates a missing
        one again, but for a table), and that every row of every table reads back whole (page
        checksums are verified on the way where the cluster has them); `pg_amcheck` checks the
        indexes' contents.

        example:
          jivocrm check --db /var/lib/jivocrm/crm.sqlite
        """
    static let options: [OptionSpec] = []

    static func run(_ invocation: Invocation) throws -> Int32 {
        try invocation.arguments.expectPositionals(atMost: 0)
        let database =
            switch invocation.configuration.storeAddress {
            case .sqlite(let path): try Database(path: path, create: false)
            case .postgres(let address): try Database(postgres: address)
            }
        let missing = try database.schemaProblems()
        let problems = try database.integrityProblems()
        (missing + problems).forEach { Output.line($0) }
        guard problems.isEmpty else {
            Output.error("jivocrm: the store is damaged; restore it from a backup")
            return 1
        }
        guard missing.isEmpty else {
            Output.error("jivocrm: the store's schema is incomplete; each line above says what to do")
            return 1
        }
        Output.line("ok")
        return 0
    }
}
