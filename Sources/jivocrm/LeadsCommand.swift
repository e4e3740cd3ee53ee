import CRMCore
import CRMStore
import Console
import JivoProtocol

/// `jivocrm leads`: the lead list.
enum LeadsCommand: Command {
    static let name = "leads"
    static let synopsis =
        "leads [--view NAME] [--status S] [--manager LOGIN] [--unassigned] [--conflicts] [--tasks] [--sort ORDER] "
        + "[--search TEXT] [--limit N] [--json]"
    static let summary = "List leads, newest activity first."
    static let details = """
        Markers: ! open conflicts, + open tasks, * unread chats.
        --search matches names, emails, phones (any format: digits are enough) and transcript text;
        #42 finds lead 42. --view applies a saved view from the configuration file (a line
        `view.NAME = tab:open unassigned sort:due`, as the console's V does); the other flags
        narrow it further.

        examples:
          jivocrm leads --status unsorted
          jivocrm leads --unassigned --sort created
          jivocrm leads --tasks --sort due
          jivocrm leads --search "916 123" --json
        """
    static let options: [OptionSpec] = [
        .value("--status", "S", "only this status: " + LeadStatus.allCases.map(\.rawValue).joined(separator: ", ")),
        .value("--manager", "LOGIN", "only this manager's leads"),
        .flag("--unassigned", "only leads without a manager"),
        .flag("--conflicts", "only leads with open conflicts"),
        .flag("--tasks", "only leads with open tasks"),
        .value(
            "--sort", "ORDER",
            "order: " + LeadSort.allCases.map(\.rawValue).joined(separator: ", ") + " (default activity)"),
        .value("--view", "NAME", "start from the saved view view.NAME of the configuration file"),
        .value("--search", "TEXT", "only leads matching TEXT"),
        .value("--limit", "N", "at most N leads (default: all)"),
        .flag("--json", "a JSON array of lead objects"),
    ]

    static func run(_ invocation: Invocation) throws -> Int32 {
        let arguments = invocation.arguments
        try arguments.expectPositionals(atMost: 0)
        let limit = try arguments.positiveInt("--limit")
        let store = try invocation.openStore()
        let zone = store.settings.localTime
        var filter = try Self.filter(invocation)
        if let login = filter.managerLogin, try store.manager(login: login) == nil {
            throw CRMError.notFound(.manager, "no manager with login '\(login)'")
        }
        filter.limit = min(limit ?? 500, 500)
        // Written a page at a time: a list of a million leads is never held whole.
        var json = Output.JSONArrayWriter()
        var table = Output.TableWriter(
            header: [
                "ID", "STATUS", "", "NAME", "PHONE", "EMAIL", "MANAGER",
                Output.timeHeader("ACTIVITY", zone, now: store.clock()),
            ],
            limits: [8, 9, 3, 28, 18, 30, 20, 20])
        var written = 0
        while true {
            let page = try store.leads(filter)
            let more = page.count == filter.limit && written + page.count < (limit ?? Int.max)
            if invocation.json {
                for summary in page { json.write(summary.json) }
            } else if !page.isEmpty {
                table.write(page.map { row($0, zone) }, more: more)
            }
            written += page.count
            guard more, let last = page.last else { break }
            filter.after = last.lead.id
            filter.limit = min(500, (limit ?? Int.max) - written)
        }
        if invocation.json {
            json.finish()
        } else if written == 0 {
            Output.line(
                "no leads"
                    + (filter != LeadFilter(sort: filter.sort, limit: filter.limit)
                        ? " match" : " yet; point JivoChat at `jivocrm webhook-url`, or try `jivocrm simulate`"))
        }
        return 0
    }

    /// The list's filter: the saved view named by `--view`, then the other flags over it.
    static func filter(_ invocation: Invocation) throws -> LeadFilter {
        let arguments = invocation.arguments
        var filter = LeadFilter()
        if let name = arguments.value("--view") {
            let views = try invocation.configuration.savedViews()
            guard let saved = views.first(where: { $0.name == name }) else {
                throw CLIError.usage(
                    "there is no saved view '\(name)'"
                        + (views.isEmpty
                            ? "; add a line `view.\(name) = tab:open sort:due` to \(invocation.configuration.configPath)"
                            : "; the configuration has " + views.map(\.name).joined(separator: ", ")))
            }
            filter = saved.query.filter(mine: invocation.operatorName)
        }
        if let status = try arguments.parsed("--status", LeadStatus.parse) { filter.status = status }
        if let manager = arguments.value("--manager") { filter.managerLogin = manager }
        if let search = arguments.value("--search") { filter.search = search }
        if arguments.has("--unassigned") { filter.unassigned = true }
        if arguments.has("--conflicts") { filter.withOpenConflicts = true }
        if arguments.has("--tasks") { filter.withOpenTasks = true }
        if let text = arguments.value("--sort") {
            guard let sort = LeadSort(rawValue: text) else {
                throw CLIError.usage(
                    "--sort takes " + LeadSort.allCases.map(\.rawValue).joined(separator: ", ") + ", not '\(text)'")
            }
            filter.sort = sort
        }
        return filter
    }

    /// The table row of a lead, its time in `zone`.
    private static func row(_ summary: LeadSummary, _ zone: LocalTime) -> [String] {
        let lead = summary.lead
        return [
            "#\(lead.id)", lead.status.rawValue, summary.markers(), lead.displayName,
            lead.primaryPhone, lead.primaryEmail, lead.manager?.login ?? "-", Output.time(lead.lastActivityAt, zone),
        ]
    }
}

/// `jivocrm show ID`: one lead with everything.
enum ShowCommand: Command {
    static let name = "show"
    static let synopsis = "show ID [--json | --reply]"
    static let summary = "Show one lead with its contacts, chats, calls, tasks, conflicts and audit trail."
    static let details = """
        --reply prints the JSON the listener would answer the lead's next chat_accepted or
        chat_updated with (as the console's p shows it).

        examples:
          jivocrm show 42
          jivocrm show 42 --reply
        """
    static let options: [OptionSpec] = [
        .flag("--json", "one JSON object"), .flag("--reply", "the next reply's JSON, exactly as the agent gets it"),
    ]

    static func run(_ invocation: Invocation) throws -> Int32 {
        let id = try invocation.arguments.id(0, "the lead's ID")
        try invocation.arguments.expectPositionals(atMost: 1)
        if invocation.json && invocation.arguments.has("--reply") {
            throw CLIError.usage("give --json (the lead) or --reply (the next reply's JSON), not both")
        }
        let store = try invocation.openStore()
        guard let detail = try store.detail(id) else {
            throw CRMError.notFound("there is no lead #\(id); `jivocrm leads` lists them")
        }
        if invocation.json {
            Output.json(detail.json)
            return 0
        }
        let lead = detail.summary.lead
        let reply = try store.nextReply(for: lead)
        if invocation.arguments.has("--reply") {
            Output.json(reply.json)
            return 0
        }
        let zone = store.settings.localTime
        Output.line("#\(lead.id) \(Output.safe(lead.title))")
        if let merged = detail.mergedInto {
            // A chain of merges: the lead at its end holds the data now.
            let holder = try store.mergedInto(lead.id) ?? merged
            Output.line(
                "merged into lead #\(merged)" + (holder == merged ? "" : ", which is part of lead #\(holder) now"))
        }
        for (label, value) in [
            ("status", lead.status.rawValue), ("name", lead.name),
            ("emails", lead.emails.map(\.value).joined(separator: ", ")),
            ("phones", lead.phones.map(\.value).joined(separator: ", ")), ("description", lead.description),
            ("manager", lead.manager.map { "\($0.name) <\($0.login)>" } ?? "-"), ("crm_link", reply.crmLink ?? "-"),
            ("source", lead.source), ("channel", lead.channel ?? "-"), ("visitor", lead.visitorNumber ?? "-"),
            ("client_id", lead.clientID ?? "-"), ("user_token", lead.userToken ?? "-"),
            ("first page", [lead.firstPageTitle, lead.firstPageURL].compactMap { $0 }.joined(separator: " ")),
            ("utm", lead.utm.map { "\($0.key)=\($0.value)" }.joined(separator: " ")),
            ("geo", [lead.city, lead.country].compactMap { $0 }.joined(separator: ", ")),
            ("attributes", lead.attributes.map { "\($0.key)=\($0.value)" }.joined(separator: " ")),
            ("created", Output.labelledTime(lead.createdAt, zone)),
            ("updated", Output.labelledTime(lead.updatedAt, zone)),
        ] where !value.isEmpty {
            Output.line("  \(label.padding(toLength: 12, withPad: " ", startingAt: 0)) \(Output.safe(value))")
        }
        if !lead.fields.isEmpty {
            Output.line("custom data:")
            for field in lead.fields {
                Output.line(
                    "  \(Output.safe(field.title)): \(Output.safe(field.content))"
                        + (field.link.map { " <\(Output.safe($0))>" } ?? ""))
            }
        }
        for conflict in detail.conflicts {
            Output.line(
                "conflict #\(conflict.id) [\(conflict.status)\(conflict.resolution.map { ": \($0)" } ?? "")] \(conflict.field): current \(Output.safe(conflict.current)), incoming \(Output.safe(conflict.incoming))"
            )
        }
        for task in detail.tasks {
            Output.line(
                "task #\(task.id) [\(task.status)] \(task.kind) due \(Output.time(task.dueAt, zone)) for \(Output.safe(task.assignee ?? "nobody")): \(Output.safe(task.text))"
            )
        }
        for call in detail.calls {
            Output.line(
                "call #\(call.id) \(Output.safe(call.type ?? "call")) \(Output.safe(call.phone)) \(Output.safe(call.history.map(\.status).joined(separator: " → ")))"
                    + (call.recordURL.map { " record: \(Output.safe($0))" } ?? ""))
        }
        for note in detail.notes {
            Output.line(
                "note #\(note.id) \(Output.time(note.at, zone)) \(Output.safe(note.author)): \(Output.safe(note.text))")
        }
        for chat in detail.chats {
            let agents = chat.agents.compactMap { $0.name }.joined(separator: ", ")
            Output.line(
                "chat \(Output.safe(chat.chatID)) \(Output.time(chat.startedAt, zone))"
                    + (agents.isEmpty ? "" : " with \(Output.safe(agents))")
                    + (chat.rate.map { " rated \(Output.safe($0))" } ?? ""))
            for message in chat.messages {
                let who =
                    message.type == "agent"
                    ? (chat.agents.first { $0.id == message.agentID }?.name ?? "agent") : message.type
                Output.line(
                    "  \(message.timestamp.map { Output.time($0 * 1000, zone) } ?? "-") \(Output.safe(who)): \(Output.safe(message.text))"
                )
            }
        }
        Output.line("audit:")
        for entry in detail.audit {
            let change = entry.field.map { " \(Output.safe($0))" } ?? ""
            // A resolution keeps its conflict's two sides, whichever it chose: an arrow would
            // read as a change where the lead's value was kept.
            let values =
                entry.before == nil && entry.after == nil
                ? ""
                : entry.action == "resolve"
                    ? ": lead had '\(Output.safe(entry.before))', incoming '\(Output.safe(entry.after))'"
                    : entry.before == nil && entry.action == UnsavedContact.auditAction
                        ? ": '\(Output.safe(entry.after))'"
                        : " '\(Output.safe(entry.before))' → '\(Output.safe(entry.after))'"
            Output.line(
                "  \(Output.time(entry.at, zone)) \(Output.safe(entry.actor)) \(Output.safe(entry.action))\(change)\(values)"
                    + (entry.detail.map { " (\(Output.safe($0)))" } ?? ""))
        }
        return 0
    }
}
