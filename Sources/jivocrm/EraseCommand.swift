import CRMCore
import CRMStore

/// `jivocrm erase`: the right to be forgotten.
enum EraseCommand: Command {
    static let name = "erase"
    static let synopsis = "erase ID [--yes]"
    static let summary = "Erase a person for good: their lead, history, raw events and audit values."
    static let details = """
        Removes lead ID and the leads merged into it, with their emails, phones, custom fields,
        chats and messages, calls, tasks, conflicts, notes and search entries; the raw events of
        their leads and chats and every raw event whose body holds one of their emails or phones
        or their name; and their values in the audit trail and in other rows. One audit entry
        records that an erasure happened and when, not whose. The store is then vacuumed and its
        write-ahead log emptied so nothing is left in free pages. Backups made earlier still hold
        the person: erase them too, or restore and erase again. On PostgreSQL the store's tables
        are rewritten (VACUUM FULL, which waits for other sessions' transactions); the server's
        own write-ahead log and its archives are the server's to recycle, as backups are.
        Without --yes, shows what would be erased and changes nothing (and exits 1 when not run
        from a terminal, so a script that forgot --yes notices).

        example:
          jivocrm erase 42          # what would go
          jivocrm erase 42 --yes
        """
    static let options: [OptionSpec] = [.flag("--yes", "really erase (without it: show what would be erased)")]

    static func run(_ invocation: Invocation) throws -> Int32 {
        let id = try invocation.arguments.id(0, "the lead's ID")
        try invocation.arguments.expectPositionals(atMost: 1)
        let store = try invocation.openStore()
        let confirmed = invocation.arguments.has("--yes")
        let report = try store.erase(id, actor: invocation.operatorName, dryRun: !confirmed)
        let what =
            "\(report.leads.count) lead\(report.leads.count == 1 ? "" : "s") ("
            + report.leads.map { "#\($0)" }.joined(separator: ", ")
            + ") with \(report.chats) chat\(report.chats == 1 ? "" : "s"), "
            + "\(report.events) raw event\(report.events == 1 ? "" : "s")"
        guard confirmed else {
            Output.line(
                "would erase \(report.leads.isEmpty ? "nothing new (lead #\(id) was erased already)" : what); nothing was changed"
            )
            guard Confirmation.interactive else { throw Confirmation.refused("erase \(id)") }
            Output.line("run `jivocrm erase \(id) --yes` to erase")
            return 0
        }
        Output.line(
            report.leads.isEmpty ? "lead #\(id) was erased already; the store was compacted again" : "erased \(what)")
        if !report.logEmptied {
            Output.error(
                "jivocrm: another process (a running `jivocrm serve` or console) is reading the store, so old pages may remain in its "
                    + "write-ahead log; stop it and run `jivocrm erase \(id) --yes` again to finish")
            return 1
        }
        return 0
    }
}
