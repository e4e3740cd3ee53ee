import CRMCore
import CRMStore
import JivoProtocol
import Foundation

/// `jivocrm conflicts`: the conflict queue.
enum ConflictsCommand: Command {
    static let name = "conflicts"
    static let synopsis = "conflicts [--all] [--json]"
    static let summary = "List open conflicts between visitor data and the CRM."
    static let details = """
        LEAD HAD is the lead's value when the conflict opened (`jivocrm show LEAD` has it now).
        Settle each with `jivocrm resolve ID --keep-current | --take-incoming | --keep-both | --split`.

        example:
          jivocrm conflicts
        """
    static let options: [OptionSpec] = [.flag("--all", "resolved ones too"), .flag("--json", "a JSON array")]

    static func run(_ invocation: Invocation) throws -> Int32 {
        try invocation.arguments.expectPositionals(atMost: 0)
        let conflicts = try invocation.openStore().conflicts(openOnly: !invocation.arguments.has("--all"))
        if invocation.json {
            Output.json(.array(conflicts.map(\.json)))
        } else if conflicts.isEmpty {
            Output.line("no open conflicts")
        } else {
            Output.table(
                ["ID", "LEAD", "FIELD", "LEAD HAD", "INCOMING", "STATUS"],
                conflicts.map {
                    ["#\($0.id)", "#\($0.leadID)", $0.field, $0.current, $0.incoming, $0.resolution ?? $0.status]
                },
                limits: [8, 8, 10, 32, 32, 14])
        }
        return 0
    }
}

/// `jivocrm resolve`: settles a conflict.
enum ResolveCommand: Command {
    static let name = "resolve"
    static let synopsis = "resolve CONFLICT_ID (--keep-current | --take-incoming | --keep-both | --split)"
    static let summary =
        "Settle a conflict: keep the CRM's value, take the visitor's, keep both, or split the visitor off."
    static let details = """
        --keep-both makes the incoming email or phone an additional one; --split creates a new lead
        for the visitor with the incoming value and moves the chat it came with. For duplicate
        leads, --take-incoming merges the other lead into this one and --keep-both keeps them apart.

        example:
          jivocrm resolve 7 --keep-both
        """
    static let options: [OptionSpec] = Resolution.allCases.map { .flag("--\($0.rawValue)", help($0)) }

    /// What resolving with `resolution` does, as `--help` lists it.
    private static func help(_ resolution: Resolution) -> String {
        switch resolution {
        case .keepCurrent: "keep the lead's value; the same incoming value is not asked again"
        case .takeIncoming: "put the visitor's value in place of the lead's (duplicate leads: merge them)"
        case .keepBoth: "add the visitor's email or phone as another one (duplicate leads: keep them apart)"
        case .split: "make the visitor a new lead with the incoming value and the chat it came with"
        }
    }

    static func run(_ invocation: Invocation) throws -> Int32 {
        let id = try invocation.arguments.id(0, "the CONFLICT_ID")
        try invocation.arguments.expectPositionals(atMost: 1)
        let chosen = Resolution.allCases.filter { invocation.arguments.has("--\($0.rawValue)") }
        guard chosen.count == 1 else {
            throw CLIError.usage(
                "give exactly one of " + Resolution.allCases.map { "--\($0.rawValue)" }.joined(separator: ", "))
        }
        let created = try invocation.openStore().resolve(id, chosen[0], actor: invocation.operatorName)
        Output.line(
            "conflict #\(id) resolved: \(chosen[0].rawValue)"
                + (created.map { "; the visitor is now lead #\($0)" } ?? ""))
        return 0
    }
}

/// `jivocrm tasks`: offline-message and call-back tasks.
enum TasksCommand: Command {
    static let name = "tasks"
    static let synopsis = "tasks [--open] [--json]"
    static let summary = "List offline-message and call-back tasks, overdue first."
    static let details = """
        example:
          jivocrm tasks --open
        """
    static let options: [OptionSpec] = [.flag("--open", "only open tasks"), .flag("--json", "a JSON array")]

    static func run(_ invocation: Invocation) throws -> Int32 {
        try invocation.arguments.expectPositionals(atMost: 0)
        let store = try invocation.openStore()
        let tasks = try store.tasks(openOnly: invocation.arguments.has("--open"))
        if invocation.json {
            Output.json(.array(tasks.map(\.json)))
        } else if tasks.isEmpty {
            Output.line("no tasks")
        } else {
            let now = store.clock()
            let zone = store.settings.localTime
            Output.table(
                ["ID", "LEAD", "NAME", "KIND", Output.timeHeader("DUE", zone, now: now), "ASSIGNEE", "STATUS", "TEXT"],
                tasks.map {
                    [
                        "#\($0.id)", "#\($0.leadID)", $0.person, $0.kind,
                        Output.time($0.dueAt, zone) + ($0.status == "open" && $0.dueAt < now ? " !" : ""),
                        $0.assignee ?? "-", $0.status, $0.text,
                    ]
                },
                limits: [8, 8, 24, 15, 20, 24, 6, 60])
        }
        return 0
    }
}

/// `jivocrm done`: marks a task done.
enum DoneCommand: Command {
    static let name = "done"
    static let synopsis = "done TASK_ID | done --leads ID..."
    static let summary = "Mark a task done, or every open task of some leads."
    static let details = """
        With --leads, the words are lead IDs and every open task of each is marked done, each
        audited on its own, all or none (as the console's D on marked leads).

        examples:
          jivocrm done 12
          jivocrm done --leads 42 43
        """
    static let options: [OptionSpec] = [.flag("--leads", "the IDs are leads: mark all their open tasks done")]

    static func run(_ invocation: Invocation) throws -> Int32 {
        let arguments = invocation.arguments
        if arguments.has("--leads") {
            let count = max(1, arguments.positionals.count)
            let ids = try (0..<count).map { index throws(CLIError) in try arguments.id(index, "the lead's ID") }
            let done = try invocation.openStore().apply(
                .completeTasks(), to: ids, actor: invocation.operatorName, leavingOutMerged: false
            ).changed
            Output.line("\(done) task(s) done")
            return 0
        }
        let id = try arguments.id(0, "the TASK_ID")
        try arguments.expectPositionals(atMost: 1)
        try invocation.openStore().completeTask(id, actor: invocation.operatorName)
        Output.line("task #\(id) done")
        return 0
    }
}

/// `jivocrm events`: the raw inbox.
enum EventsCommand: Command {
    static let name = "events"
    static let synopsis = "events [--status S] [--limit N] [--json] | events ID [--json | --raw]"
    static let summary = "List raw webhook deliveries: applied, duplicate, quarantined or failed."
    static let details = """
        Every body that reached the webhook path is kept byte for byte, including the ones that
        could not be parsed (quarantined) and unknown events; one over 4 MiB is answered 413
        before it is read, and only the listener's log has a line for it. An applied event's note says what
        it left unapplied (attributes in a shape not understood, a link that is not http(s)) or
        that it had no CRM effect ("ignored: no CRM effect").
        With an ID, one delivery whole: its error or note and its body, as text made safe for the
        terminal (control characters shown as escapes); --raw writes the body's bytes as they
        came, to a file or a pipe, never to a terminal.

        examples:
          jivocrm events --status quarantined
          jivocrm events 61
          jivocrm events 61 --raw > body.json
        """
    static let options: [OptionSpec] = [
        .value("--status", "S", "only applied, duplicate, quarantined or failed"),
        .value("--limit", "N", "at most N (default 1000)"),
        .flag("--json", "a JSON array (with an ID: one object with its body)"),
        .flag("--raw", "with an ID: the body's bytes as they came"),
    ]

    static func run(_ invocation: Invocation) throws -> Int32 {
        let arguments = invocation.arguments
        if !arguments.positionals.isEmpty { return try showOne(invocation) }
        if arguments.has("--raw") { throw CLIError.usage("--raw writes one event's body: give its ID") }
        let status = arguments.value("--status")
        if let status, !["applied", "duplicate", "quarantined", "failed"].contains(status) {
            throw CLIError.usage("--status takes applied, duplicate, quarantined or failed, not '\(status)'")
        }
        let limit = try arguments.positiveInt("--limit") ?? 1000
        let store = try invocation.openStore()
        let events = try store.events(status: status, limit: limit)
        if invocation.json {
            Output.json(.array(events.map(\.json)))
        } else if events.isEmpty {
            Output.line("no events" + (status.map { " with status \($0)" } ?? " yet"))
        } else {
            let zone = store.settings.localTime
            Output.table(
                [
                    "ID", Output.timeHeader("RECEIVED", zone, now: store.clock()), "EVENT", "CHAT", "STATUS", "LEAD",
                    "SIZE", "ERROR OR NOTE",
                ],
                events.map {
                    [
                        "#\($0.id)", Output.time($0.receivedAt, zone), $0.eventName.isEmpty ? "-" : $0.eventName,
                        $0.chatID ?? "-", $0.status, $0.leadID.map { "#\($0)" } ?? "-", "\($0.size)B",
                        $0.error ?? $0.note ?? "",
                    ]
                },
                limits: [8, 20, 26, 12, 11, 8, 9, 60])
        }
        return 0
    }

    /// `events ID`: one delivery with its body.
    private static func showOne(_ invocation: Invocation) throws -> Int32 {
        let arguments = invocation.arguments
        let id = try arguments.id(0, "the event's ID")
        try arguments.expectPositionals(atMost: 1)
        if arguments.has("--status") || arguments.has("--limit") {
            throw CLIError.usage("--status and --limit choose from the list; with an ID there is one event")
        }
        if arguments.has("--raw") && invocation.json { throw CLIError.usage("give --json or --raw, not both") }
        if arguments.has("--raw") && isatty(STDOUT_FILENO) == 1 {
            throw CLIError.usage(
                "--raw writes the body's bytes as they came, which a terminal may act on; redirect it: "
                    + "jivocrm events \(id) --raw > body")
        }
        let store = try invocation.openStore()
        guard let event = try store.event(id), let body = try store.eventBody(id) else {
            throw CRMError.notFound("there is no event #\(id); `jivocrm events` lists them")
        }
        if arguments.has("--raw") {
            Output.bytes(body)
            return 0
        }
        let text = String(validating: body, as: UTF8.self)
        if invocation.json {
            guard case .object(var object) = event.json else { return 0 }
            if let text {
                object["body"] = .string(text)
            } else {
                object["body_base64"] = .string(Data(body).base64EncodedString())
            }
            Output.json(.object(object))
            return 0
        }
        let zone = store.settings.localTime
        Output.line("event #\(event.id)  \(Output.time(event.receivedAt, zone))  \(event.status)")
        Output.line("name:   \(event.eventName.isEmpty ? "-" : Output.safe(event.eventName))")
        Output.line("chat:   \(Output.safe(event.chatID ?? "-"))")
        Output.line("lead:   \(event.leadID.map { "#\($0)" } ?? "-")")
        if let error = event.error { Output.line("error:  \(Output.safe(error))") }
        if let note = event.note { Output.line("note:   \(Output.safe(note))") }
        // A JSON body is shown indented; anything else line by line as it came (bytes that are
        // not UTF-8 as U+FFFD), each line made safe.
        let json = text == nil ? nil : try? JSONParser.parse(body)
        Output.line(
            "body:   \(body.count) bytes"
                + (text == nil
                    ? ", not UTF-8 text (--raw writes them as they came)"
                    : json != nil ? ", JSON shown indented (--raw writes it as it came)" : ""))
        let shown = json?.serialized(pretty: true) ?? text ?? String(decoding: body, as: UTF8.self)
        for line in shown.split(separator: "\n", omittingEmptySubsequences: false) {
            Output.line("  " + Output.safe(String(line)))
        }
        return 0
    }
}
