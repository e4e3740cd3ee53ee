import CRMCore
import CRMStore
import Foundation
import Glibc

/// `jivocrm import`: people from CSV, vCard or a jivocrm JSON export into leads.
enum ImportCommand: Command {
    static let name = "import"
    static let synopsis = "import FILE [--format csv|vcard|json] [--dry-run] [--map COLUMN=FIELD]..."
    static let summary = "Import people as leads, matched and checked like webhook visitors."
    static let details = """
        Each person is matched to a lead by email, then phone, as webhooks are, and a visitor who
        gave neither by the visitor key a JSON export carries (visitor number, client id, user
        token): a match gets values for its empty fields, and values that differ become conflicts
        (`jivocrm conflicts`); nothing is overwritten and no duplicate lead is created. Anyone
        unmatched becomes a new lead with source "import" and status "unsorted" unless the file
        gives a status; a person with only a name or title has nothing to match on, so importing
        the file again creates them again (the summary counts them). Managers the file names are
        added if missing. The import is one transaction: bad rows stop it, every one of them named
        with its line and what to do, and nothing is imported. --dry-run shows what would happen
        and changes nothing.

        csv: a header row; columns name, email, phone, description, manager, status, crm_link,
        title and utm are recognised (emails and phones may hold several values separated by
        "," or ";"), id, source and times are ignored, and any other column becomes a custom field.
        Comma or semicolon separated (detected), UTF-8 with or without a byte-order mark.
        vcard: FN (or N), every EMAIL and TEL, NOTE (description), URL (crm_link), X-JIVOCRM-TITLE.
        json: the output of `jivocrm export --format json`, its keys included. Import brings
        people, not history: the export's chats, messages, calls, tasks, conflicts, notes and
        audit are left out, and stderr says how many; `jivocrm backup` and `jivocrm restore`, or
        `jivocrm migrate`, copy a whole store with its history.
        Each person needs a name, email, phone or title (in JSON, a visitor key will do).
        The format comes from the file's extension (.csv, .vcf, .json) unless --format is given.

        examples:
          jivocrm import contacts.csv --dry-run
          jivocrm import contacts.csv --map Mobile=phone --map "Deal size=ignore"
          jivocrm import phone-book.vcf
        """
    static let options: [OptionSpec] = [
        .value("--format", "F", "csv, vcard or json (default: from the extension)"),
        .flag("--dry-run", "show what would be created, updated and put in conflict; change nothing"),
        .value(
            "--map", "COLUMN=FIELD", "read CSV column COLUMN as FIELD (name, email, phone, ..., ignore); repeatable"),
    ]

    static func run(_ invocation: Invocation) throws -> Int32 {
        let arguments = invocation.arguments
        let path = try arguments.positional(0, "the file to import")
        try arguments.expectPositionals(atMost: 1)
        let format = try arguments.parsed("--format", DataFormat.parse) ?? DataFormat.guess(path: path)
        var mapping: [String: String] = [:]
        for pair in arguments.values["--map"] ?? [] {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).trimmingWhitespace }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw CLIError.usage("--map takes COLUMN=FIELD, e.g. --map Mobile=phone, not '\(pair)'")
            }
            mapping[parts[0]] = parts[1]
        }
        guard mapping.isEmpty || format == .csv else { throw CLIError.usage("--map applies to CSV files only") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError.failure(
                "cannot read \(Output.safe(path)): \(access(path, F_OK) == 0 ? "permission denied" : "no such file") (check the path)"
            )
        }
        let bytes = Array(data)
        let normalizer = try invocation.configuration.settings().normalizer
        let records: [ImportRecord]
        var managers: [(login: String, name: String)] = []
        switch format {
        case .csv:
            records = try ImportRecord.fromCSV(try CSVReader.records(bytes), mapping: mapping, normalizer: normalizer)
        case .vcard:
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw CLIError.failure("\(Output.safe(path)) is not UTF-8 text; save it as UTF-8 and import again")
            }
            records = try ImportRecord.fromVCards(try VCard.parse(text), normalizer: normalizer)
        case .json:
            (records, managers) = try ImportRecord.fromJSON(bytes, normalizer: normalizer)
        }
        let file = String(path.split(separator: "/").last ?? Substring(path))
        let store = try invocation.openStore()
        let dryRun = arguments.has("--dry-run")
        let progress: ((Int, Int) -> Void)? =
            isatty(STDERR_FILENO) == 1 && records.count >= 1000
            ? { done, total in FileHandle.standardError.write(Data("\rimporting: \(done) of \(total)".utf8)) } : nil
        let report = try store.importRecords(
            records, managers: managers, file: file, actor: invocation.operatorName, dryRun: dryRun, progress: progress)
        if progress != nil { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        let verb = dryRun ? "would " : ""
        for outcome in report.outcomes where dryRun || outcome.conflicts > 0 || !outcome.kept.isEmpty {
            var line = "\(outcome.location): "
            switch outcome.action {
            case .created: line += dryRun ? "would create a lead" : "created lead #\(outcome.leadID)"
            case .updated: line += "\(verb)update lead #\(outcome.leadID)"
            case .unchanged: line += "matches lead #\(outcome.leadID), nothing new"
            }
            if outcome.conflicts > 0 {
                line += ", \(verb)open \(outcome.conflicts) conflict\(outcome.conflicts == 1 ? "" : "s")"
            }
            if !outcome.kept.isEmpty {
                line += "; the lead keeps its " + outcome.kept.map(Output.safe).joined(separator: ", ")
            }
            Output.line(line)
        }
        for login in report.managersAdded { Output.line("\(verb)add manager \(Output.safe(login))") }
        let conflicts = "\(report.conflicts) conflict\(report.conflicts == 1 ? "" : "s")"
        if dryRun {
            Output.line(
                "dry run of \(Output.safe(file)): would create \(report.created), update \(report.updated) and open \(conflicts); "
                    + "\(report.unchanged) unchanged (nothing was changed)")
        } else {
            Output.line(
                "imported \(Output.safe(file)): \(report.created) created, \(report.updated) updated, \(report.unchanged) unchanged, "
                    + "\(conflicts) opened")
        }
        if !report.historyLeftOut.isEmpty {
            Output.error(
                "import brings people, not history: \(dryRun ? "would leave" : "left") out "
                    + "\(report.historyLeftOut.counted) of \(Output.safe(file)); `jivocrm backup` and "
                    + "`jivocrm restore`, or `jivocrm migrate`, copy a whole store with its history")
        }
        if report.unmatchable > 0 {
            let leads = report.unmatchable == 1 ? "1 lead" : "\(report.unmatchable) leads"
            Output.line(
                "\(leads) \(dryRun ? "would be" : report.unmatchable == 1 ? "was" : "were") created from a name or title alone, with no email, phone or "
                    + "visitor key to match on: importing the file again creates \(report.unmatchable == 1 ? "it" : "them") again"
            )
        }
        return 0
    }
}
