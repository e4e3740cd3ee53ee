import CRMStore
import Listener

/// `jivocrm migrate`: copies the store whole to the other engine and checks the copy.
enum MigrateCommand: Command {
    static let name = "migrate"
    static let synopsis = "migrate --to ADDRESS"
    static let summary =
        "Copy the store whole to an empty store on the other engine (SQLite ⇄ PostgreSQL), then check it."
    static let details = """
        Copies every table of the store named by --db (raw events byte for byte, leads and their
        contacts, chats, messages, calls, tasks, notes, conflicts, merges, the audit log and
        undoable operations, managers, settings and webhook tokens, the forwarding queue) into the
        store at --to, in one transaction there, a batch of rows at a time; then rebuilds the search
        index there, and checks the copy: every table's rows counted on both sides and a sample of
        rows (the first, the last, some at random) compared column by column. Prints a line per
        table; exits 1 if anything differs.

        The target's schema is created when absent (as `jivocrm init` does). A target that holds
        any row is refused: give a new SQLite path or an empty PostgreSQL database. Stop
        `jivocrm serve` and the consoles first, so nothing arrives during the copy; then point
        them (--db, JIVOCRM_DB or the config's db) at the new store. On PostgreSQL, run it as the
        database's owner (the copy holds the tables' triggers off); give the password in
        PGPASSWORD or ~/.pgpass rather than in the address.

        examples:
          createdb -O jivocrm crm
          jivocrm migrate --db ~/.local/share/jivocrm/crm.sqlite --to 'postgresql://jivocrm@db.example.com/crm'
          jivocrm migrate --db 'postgresql://jivocrm@db.example.com/crm' --to ~/crm-copy.sqlite
        """
    static let options: [OptionSpec] = [
        .value("--to", "ADDRESS", "the empty store to copy into: a SQLite path or a postgresql:// URL")
    ]

    static func run(_ invocation: Invocation) throws -> Int32 {
        try invocation.arguments.expectPositionals(atMost: 0)
        guard let to = invocation.arguments.value("--to"), !to.isEmpty else {
            throw CLIError.usage("missing --to ADDRESS, the empty store to copy into")
        }
        let source = invocation.configuration.storeAddress
        let target = try AppConfiguration.storeAddress(to, givenAs: "--to")
        try refuseWhileWebhooksWait(invocation)
        let summary = try StoreMigration.run(from: source, to: target)
        Output.line(
            "copied the \(source.engine) store at \(Output.safe(summary.source)) to the \(target.engine) store at "
                + Output.safe(summary.target))
        let width = max(5, summary.tables.map(\.name.count).max() ?? 0) + 2
        let column = { (text: String) in String(repeating: " ", count: max(0, 10 - text.count)) + text }
        Output.line(
            "table".padding(toLength: width, withPad: " ", startingAt: 0) + column("source") + column("target")
                + column("sampled"))
        for table in summary.tables {
            Output.line(
                table.name.padding(toLength: width, withPad: " ", startingAt: 0) + column(String(table.sourceRows))
                    + column(String(table.targetRows)) + column(String(table.sampledRows))
                    + (table.isEqual ? "  ok" : "  DIFFERS"))
            for mismatch in table.mismatches { Output.line("  " + Output.safe(mismatch)) }
        }
        guard summary.isVerified else {
            throw CLIError.failure(
                "the copy at \(Output.safe(summary.target)) differs from \(Output.safe(summary.source)) (see above); "
                    + "do not switch to it: remove it, stop every `jivocrm serve` and console on the source, "
                    + "and run migrate again")
        }
        let rows = summary.tables.reduce(Int64(0)) { $0 + $1.targetRows }
        let sampled = summary.tables.reduce(0) { $0 + $1.sampledRows }
        Output.line(
            "checked: \(summary.tables.count) tables, \(rows) rows counted equal on both sides, \(sampled) sampled rows "
                + "equal column by column")
        return 0
    }

    /// Refuses to copy a store while webhooks wait in its spool (kept while it refused writes,
    /// not yet in it): the copy would go without them, and the spool stays with the old store.
    private static func refuseWhileWebhooksWait(_ invocation: Invocation) throws {
        var identity: String?
        if case .postgres = invocation.configuration.storeAddress {
            identity = try invocation.openStore().existingIdentity()
        }
        guard let path = invocation.configuration.spoolPath(identity: identity),
            let (count, _) = try WebhookListener.spooled(at: path), count > 0
        else { return }
        throw CLIError.failure(
            "\(count) webhook\(count == 1 ? "" : "s") wait\(count == 1 ? "s" : "") in the spool \(Output.safe(path)), kept "
                + "while the store refused writes and not in it yet, so the copy would go without "
                + "\(count == 1 ? "it" : "them"): start `jivocrm serve` on this store until `jivocrm doctor` says the spool "
                + "is empty, stop it, and migrate again")
    }
}
