import CRMStore
import Foundation

/// `jivocrm init`: creates the store, or brings its schema up to date.
enum InitCommand: Command {
    static let name = "init"
    static let synopsis = "init"
    static let summary = "Create the store (a SQLite file or a PostgreSQL schema), or bring its schema up to date."
    static let details = """
        Every verb creates a missing SQLite store on first use; init does it on purpose, and is
        how a PostgreSQL database (--db postgresql://USER@HOST/DB) gets jivocrm's schema. Safe to
        run again, and from several hosts at once: the schema is created once, under a lock.
        On PostgreSQL it also creates again an index, function or trigger of the schema that
        someone dropped (`jivocrm check` lists them).
        Give a PostgreSQL password in PGPASSWORD or ~/.pgpass rather than in the address.

        examples:
          jivocrm init --db /var/lib/jivocrm/crm.sqlite
          jivocrm init --db 'postgresql://jivocrm@db.example.com/crm?sslmode=require'
        """
    static let options: [OptionSpec] = []

    static func run(_ invocation: Invocation) throws -> Int32 {
        try invocation.arguments.expectPositionals(atMost: 0)
        let address = invocation.configuration.storeAddress
        let created: Bool
        switch address {
        case .sqlite(let path):
            created = !FileManager.default.fileExists(atPath: path)
            _ = try invocation.openStore()
        case .postgres(let database):
            created = Int64(try PostgresSchema.prepare(database)) == PostgresSchema.currentVersion
            for object in try PostgresSchema.repair(database) {
                Output.line("created the missing \(object) again")
            }
        }
        Output.line(
            created
                ? "created the \(address.engine) store at \(Output.safe(address.description))"
                : "the \(address.engine) store at \(Output.safe(address.description)) is up to date")
        return 0
    }
}
