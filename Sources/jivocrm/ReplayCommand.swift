import CRMCore
import CRMStore

/// `jivocrm replay`: rebuild the CRM from the raw event inbox with today's rules.
enum ReplayCommand: Command {
    static let name = "replay"
    static let synopsis = "replay --into NEW_DB"
    static let summary = "Rebuild the CRM into a new store from the raw events, with today's rules."
    static let details = """
        Every raw event (applied, duplicate, failed and quarantined alike, as today's rules may read
        what older ones could not) is ingested again, in arrival order, into NEW_DB. Operator edits
        are carried over from the audit trail at their place in time: contact edits, custom fields,
        statuses, assignments, conflict resolutions, merges, notes and done tasks, each on the lead
        that the same event created. Managers and the webhook token are copied. Imported leads are
        not in the inbox: import their file into NEW_DB again. The current store is not changed;
        look at NEW_DB (`jivocrm --db NEW_DB leads`), then swap it in with `jivocrm restore`.
        NEW_DB must not exist (or be empty); it may be on either engine: a path, or the
        postgresql:// URL of a database holding no jivocrm data.

        example:
          jivocrm replay --into /tmp/rebuilt.sqlite
        """
    static let options: [OptionSpec] = [.value("--into", "NEW_DB", "the new store to build")]

    static func run(_ invocation: Invocation) throws -> Int32 {
        try invocation.arguments.expectPositionals(atMost: 0)
        guard let path = invocation.arguments.value("--into") else {
            throw CLIError.usage("give the new store's path with --into NEW_DB")
        }
        let target = try AppConfiguration.storeAddress(path, givenAs: "--into")
        let store = try invocation.openStore()
        let report = try store.replay(into: path)
        let statuses = report.statuses.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(
            separator: ", ")
        Output.line(
            "replayed \(report.statuses.values.reduce(0, +)) events (\(statuses.isEmpty ? "none" : statuses)) into \(Output.safe(target.description))"
        )
        Output.line("\(report.leads) leads; \(report.carried) operator edits carried")
        if report.imports > 0 {
            Output.line(
                "\(report.imports) imported people are not in the event inbox; import their files into the new store again"
            )
        }
        if !report.notCarried.isEmpty {
            Output.line("\(report.notCarried.count) operator edits could not be carried:")
            for line in report.notCarried { Output.line("  " + Output.safe(line)) }
        }
        return 0
    }
}
