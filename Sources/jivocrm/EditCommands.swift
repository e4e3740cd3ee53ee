import CRMCore
import CRMStore

/// `jivocrm edit`: contact_info and crm_link as replies will carry them.
enum EditCommand: Command {
    static let name = "edit"
    static let synopsis = "edit ID " + options.map { "[\($0.name) \($0.value ?? "")]" }.joined(separator: " ")
    static let summary = "Edit the contact_info and crm_link that the next webhook reply carries."
    static let details = """
        --phone and --email set the primary value (the one replies send); an empty value removes
        it. An empty --crm-link falls back to the configured crm_link_template. A crm_link is an
        http:// or https:// URL of at most 2,000 characters; a name at most 200, a description
        2,000. Every problem is reported at once and nothing is changed. An email or phone another
        lead holds too is saved, with a note on standard error naming that lead.

        example:
          jivocrm edit 42 --phone "+7 916 123-45-67" --crm-link https://crm.example.com/leads/42
        """
    static let options: [OptionSpec] = ContactField.editable.compactMap(\.option)

    static func run(_ invocation: Invocation) throws -> Int32 {
        let arguments = invocation.arguments
        let id = try arguments.id(0, "the lead's ID")
        try arguments.expectPositionals(atMost: 1)
        let edit = ContactEdit(
            ContactField.editable.compactMap { field in arguments.value(field.flag).map { (field, $0) } })
        guard !edit.isEmpty else {
            throw CLIError.usage(
                "nothing to edit; give at least one of " + ContactField.editable.map(\.flag).joined(separator: ", "))
        }
        let problems = edit.problems(normalizer: try invocation.configuration.settings().normalizer)
        guard problems.isEmpty else {
            throw CLIError.failure(problems.map(Output.safe).joined(separator: "; ") + "; nothing was changed")
        }
        let store = try invocation.openStore()
        let lead = try store.edit(id, edit, actor: invocation.operatorName)
        try ContactsCommand.noteOtherHolder(of: [(.email, edit.email), (.phone, edit.phone)], lead: id, store: store)
        let reply = try store.nextReply(for: lead)
        Output.line(
            "lead #\(id) now replies with: name '\(Output.safe(reply.contactInfo.name))', phone '\(Output.safe(reply.contactInfo.phone))', email '\(Output.safe(reply.contactInfo.email))', crm_link '\(Output.safe(reply.crmLink))'"
        )
        return 0
    }
}

/// `jivocrm field`: operator custom_data fields.
enum FieldCommand: Command {
    static let name = "field"
    static let synopsis = "field ID (--set TITLE=CONTENT [--link URL] [--key K] | --remove TITLE)"
    static let summary = "Set or remove a custom_data field shown to the agent (the first 10 are sent)."
    static let details = """
        A --link is an http:// or https:// URL; a title is at most 100 characters, content 1,000,
        a key 64.

        examples:
          jivocrm field 42 --set "Plan=Gold" --link https://billing.example.com/42
          jivocrm field 42 --remove Plan
        """
    static let options: [OptionSpec] = [
        .value("--set", "TITLE=CONTENT", "add the field, or replace the one with that title"),
        .value("--link", "URL", "a link for the field (shown if the channel's Safe URL covers it)"),
        .value("--key", "K", "bold text before a colon"),
        .value("--remove", "TITLE", "remove the field with that title"),
    ]

    static func run(_ invocation: Invocation) throws -> Int32 {
        let arguments = invocation.arguments
        let id = try arguments.id(0, "the lead's ID")
        try arguments.expectPositionals(atMost: 1)
        let store = try invocation.openStore()
        switch (arguments.value("--set"), arguments.value("--remove")) {
        case (let set?, nil):
            guard let equals = set.firstIndex(of: "=") else { throw CLIError.usage("--set takes TITLE=CONTENT") }
            let field = LeadField(
                title: String(set[..<equals]), content: String(set[set.index(after: equals)...]),
                link: arguments.value("--link"), key: arguments.value("--key"))
            let problems = ContactLimits.fieldProblems(
                title: field.title, content: field.content, link: field.link, key: field.key)
            guard problems.isEmpty else {
                throw CLIError.failure(problems.map(Output.safe).joined(separator: "; ") + "; nothing was changed")
            }
            try store.setField(id, field, actor: invocation.operatorName)
            let count = try store.lead(id)?.fields.count ?? 0
            Output.line(
                "lead #\(id) has \(count) custom field\(count == 1 ? "" : "s")"
                    + (count > 10 ? "; only the first 10 are sent to JivoChat" : ""))
        case (nil, let title?):
            guard arguments.value("--link") == nil, arguments.value("--key") == nil else {
                throw CLIError.usage("--link and --key go with --set")
            }
            try store.removeField(id, title: title, actor: invocation.operatorName)
            Output.line("removed '\(Output.safe(title))' from lead #\(id)")
        default:
            throw CLIError.usage("give either --set TITLE=CONTENT or --remove TITLE")
        }
        return 0
    }
}

/// `jivocrm status`: triage.
enum StatusCommand: Command {
    static let name = "status"
    static let synopsis = "status ID... STATUS"
    static let summary = "Set the status of leads: " + LeadStatus.allCases.map(\.rawValue).joined(separator: ", ") + "."
    static let details = """
        Webhook-created leads start unsorted; accept one with open, decline it with spam. Several
        IDs change together, each audited on its own, all or none (as the console's marked leads).

        examples:
          jivocrm status 42 qualified
          jivocrm status 42 43 44 spam
        """
    static let options: [OptionSpec] = []

    static func run(_ invocation: Invocation) throws -> Int32 {
        let (ids, text) = try invocation.arguments.idsThenValue(
            "the STATUS (" + LeadStatus.allCases.map(\.rawValue).joined(separator: ", ") + ")")
        let status: LeadStatus
        do {
            status = try LeadStatus.parse(text)
        } catch {
            throw CLIError.usage(error.message)
        }
        try invocation.openStore().apply(
            .status(status), to: ids, actor: invocation.operatorName, leavingOutMerged: false)
        for id in ids { Output.line("lead #\(id) is \(status.rawValue)") }
        return 0
    }
}

/// `jivocrm assign`: the responsible manager.
enum AssignCommand: Command {
    static let name = "assign"
    static let synopsis = "assign (ID... | --unassigned) LOGIN"
    static let summary = "Make an active manager responsible for leads and their open tasks."
    static let details = """
        Several IDs change together, each audited on its own, all or none. With --unassigned,
        every lead that has no manager (those that arrived before any manager was added) gets
        LOGIN, in one transaction.

        examples:
          jivocrm assign 42 anna@example.com
          jivocrm assign 42 43 44 anna@example.com
          jivocrm assign --unassigned anna@example.com
        """
    static let options: [OptionSpec] = [.flag("--unassigned", "assign every lead without a manager")]

    static func run(_ invocation: Invocation) throws -> Int32 {
        if invocation.arguments.has("--unassigned") {
            let login = try invocation.arguments.positional(0, "the manager's LOGIN")
            try invocation.arguments.expectPositionals(atMost: 1)
            let ids = try invocation.openStore().assignUnassigned(login: login, actor: invocation.operatorName)
            Output.line(
                "\(ids.count) lead\(ids.count == 1 ? "" : "s") without a manager assigned to \(Output.safe(login))")
            return 0
        }
        let (ids, login) = try invocation.arguments.idsThenValue("the manager's LOGIN")
        try invocation.openStore().apply(
            .assign(login: login), to: ids, actor: invocation.operatorName, leavingOutMerged: false)
        for id in ids { Output.line("lead #\(id) is assigned to \(Output.safe(login))") }
        return 0
    }
}

/// `jivocrm managers`: the CRM's managers.
enum ManagersCommand: Command {
    static let name = "managers"
    static let synopsis = "managers [list | add LOGIN --name N [--default] | deactivate LOGIN]"
    static let summary = "List, add or deactivate managers (a login is matched against JivoChat agents' emails)."
    static let details = """
        New leads get the manager whose login equals the JivoChat agent's email, else the default
        manager, else none.

        examples:
          jivocrm managers add anna@example.com --name "Anna Petrova" --default
          jivocrm managers deactivate anna@example.com
        """
    static let options: [OptionSpec] = [
        .value("--name", "N", "the manager's display name (with add)"),
        .flag("--default", "make this the default manager (with add)"),
        .flag("--json", "a JSON array (with list)"),
    ]

    static func run(_ invocation: Invocation) throws -> Int32 {
        let arguments = invocation.arguments
        switch arguments.positionals.first ?? "list" {
        case "list":
            try arguments.expectPositionals(atMost: 1)
            let managers = try invocation.openStore().managers()
            if invocation.json {
                Output.json(.array(managers.map(\.json)))
            } else if managers.isEmpty {
                Output.line("no managers yet; add one with `jivocrm managers add LOGIN --name NAME --default`")
            } else {
                Output.table(
                    ["LOGIN", "NAME", "DEFAULT", "ACTIVE"],
                    managers.map { [$0.login, $0.name, $0.isDefault ? "yes" : "", $0.isActive ? "yes" : "no"] },
                    limits: [40, 30, 7, 6])
            }
        case "add":
            let login = try arguments.positional(1, "the manager's LOGIN")
            try arguments.expectPositionals(atMost: 2)
            let manager = try invocation.openStore().addManager(
                login: login, name: arguments.value("--name") ?? login, isDefault: arguments.has("--default"),
                actor: invocation.operatorName)
            Output.line(
                "manager \(Output.safe(manager.login)) (\(Output.safe(manager.name)))"
                    + (manager.isDefault ? " is the default" : " added"))
        case "deactivate":
            let login = try arguments.positional(1, "the manager's LOGIN")
            try arguments.expectPositionals(atMost: 2)
            try invocation.openStore().deactivateManager(login: login, actor: invocation.operatorName)
            Output.line("manager \(Output.safe(login)) deactivated; their leads keep them")
        case let other:
            throw CLIError.usage("unknown managers action '\(other)'; use list, add or deactivate")
        }
        return 0
    }
}
