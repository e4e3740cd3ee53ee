import CRMStore

/// `jivocrm undo`: takes back the operator's last change.
enum UndoCommand: Command {
    static let name = "undo"
    static let synopsis = "undo [OPERATION_ID] [--list] [--actor NAME] [--json]"
    static let summary = "Undo your last change to a lead (status, manager, edit, field, conflict, task, note)."
    static let details = """
        Puts back what your last operation changed, as the console's `u` does; run it again to
        undo the one before. Refuses, changing nothing, when someone else (a webhook or another
        operator) changed the same thing since: undoing would overwrite their change. --list
        shows your operations that can be undone, newest first; OPERATION_ID undoes one of them.
        You are the `operator` of the configuration (else $USER); --actor names the operator when
        a shared shell account runs it. Merges are undone with `jivocrm unmerge`: an undo says
        when a merge of yours came after the change it undid.

        example:
          jivocrm undo --list
          jivocrm undo
        """
    static let options: [OptionSpec] = [
        .flag("--list", "list what can be undone instead"),
        .value("--actor", "NAME", "whose operations (default: the configured operator)"),
        .flag("--json", "JSON output"),
    ]

    static func run(_ invocation: Invocation) throws -> Int32 {
        try invocation.arguments.expectPositionals(atMost: 1)
        let store = try invocation.openStore()
        let actor = invocation.arguments.value("--actor") ?? invocation.operatorName
        if invocation.arguments.has("--list") {
            try invocation.arguments.expectPositionals(atMost: 0)
            let operations = try store.undoableOperations(actor: actor)
            if invocation.json {
                Output.json(.array(operations.map(\.json)))
            } else if operations.isEmpty {
                Output.line("\(actor) has nothing to undo")
            } else {
                Output.table(
                    ["ID", Output.timeHeader("AT", store.settings.localTime, now: store.clock()), "LEAD", "WHAT"],
                    operations.map {
                        ["#\($0.id)", Output.time($0.at, store.settings.localTime), "#\($0.leadID)", $0.summary]
                    },
                    limits: [8, 20, 8, 80])
            }
            return 0
        }
        let report =
            invocation.arguments.positionals.isEmpty
            ? try store.undo(actor: actor)
            : try store.undo(try invocation.arguments.id(0, "the OPERATION_ID"), actor: actor)
        if invocation.json {
            Output.json(report.json)
        } else {
            Output.line("undid operation #\(report.operationID): \(report.undone)")
            if let note = report.laterMergeNote { Output.line("note: " + note) }
        }
        return 0
    }
}
