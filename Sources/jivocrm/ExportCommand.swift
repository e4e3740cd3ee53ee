import CRMCore
import CRMStore

/// `jivocrm export`: leads out as CSV, vCard or JSON.
enum ExportCommand: Command {
    static let name = "export"
    static let synopsis = "export [--format csv|vcard|json] [--out FILE] [--status S] [--since DATE]"
    static let summary = "Write every lead (with all emails and phones) as CSV, vCard or JSON."
    static let details = """
        csv: one row per lead, emails and phones separated by ", ", custom fields as extra columns.
        vcard: vCard 3.0 cards (FN, EMAIL, TEL, NOTE, URL, X-JIVOCRM-STATUS, X-JIVOCRM-MANAGER,
        X-JIVOCRM-TITLE).
        json: the `show --json` object of every lead (chats, messages, calls, tasks, notes, audit).
        Merged leads are left out. Each format imports back with `jivocrm import`.
        Without --out the export goes to standard output; --out writes a private (0600) file that
        appears complete or not at all. The format comes from --out's extension when not given.

        examples:
          jivocrm export --format csv --out leads.csv
          jivocrm export --format json --status won --since 2026-11-01 > won.json
        """
    static let options: [OptionSpec] = [
        .value("--format", "F", "csv, vcard or json"),
        .value("--out", "FILE", "write to FILE (mode 0600) instead of standard output"),
        .value("--status", "S", "only leads with this status"),
        .value("--since", "DATE", "only leads changed or active since DATE (YYYY-MM-DD, UTC)"),
    ]

    static func run(_ invocation: Invocation) throws -> Int32 {
        let arguments = invocation.arguments
        try arguments.expectPositionals(atMost: 0)
        let out = arguments.value("--out")
        let format: DataFormat
        if let given = try arguments.parsed("--format", DataFormat.parse) {
            format = given
        } else if let out {
            format = try DataFormat.guess(path: out)
        } else {
            throw CLIError.usage("give --format csv, vcard or json")
        }
        let since = try arguments.value("--since").map { text throws(CLIError) -> Int64 in
            guard let time = Timestamp.parse(text) else {
                throw .usage("--since takes a date such as 2026-11-01, not '\(text)'")
            }
            return time
        }
        let filter = ExportFilter(status: try arguments.parsed("--status", LeadStatus.parse), since: since)
        let store = try invocation.openStore()
        let sink = try out.map(FileSink.init(path:)) ?? FileSink()
        let count = try store.export(format, filter: filter) { try sink.write($0) }
        try sink.finish()
        if let out { Output.error("exported \(count) lead\(count == 1 ? "" : "s") to \(Output.safe(out))") }
        return 0
    }
}
