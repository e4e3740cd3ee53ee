import CRMCore

/// `jivocrm task`: creates a task by hand, or reopens a done one.
enum TaskCommand: Command {
    static let name = "task"
    static let synopsis = "task (add LEAD_ID TITLE [--due WHEN] [--manager LOGIN] | reopen TASK_ID)"
    static let summary = "Create a task on a lead by hand, or reopen a done task."
    static let details = """
        add: the task is due at WHEN (\(TaskDue.forms); default 1d) and goes to LOGIN, else
        to the lead's manager. Prints the task's number, which `jivocrm done` and `jivocrm task
        reopen` take. Both are audited and `jivocrm undo` takes them back.

        examples:
          jivocrm task add 42 "Send the price list" --due 2h --manager anna@example.com
          jivocrm task reopen 12
        """
    static let options: [OptionSpec] = [
        .value("--due", "WHEN", "when the task is due (with add)"),
        .value("--manager", "LOGIN", "who does it (with add)"),
    ]

    static func run(_ invocation: Invocation) throws -> Int32 {
        let arguments = invocation.arguments
        switch try arguments.positional(0, "add or reopen") {
        case "add":
            let lead = try arguments.id(1, "the LEAD_ID")
            let title = try arguments.positional(2, "the task's TITLE")
            try arguments.expectPositionals(atMost: 3)
            let store = try invocation.openStore()
            let dueText = arguments.value("--due") ?? "1d"
            guard let due = TaskDue.parse(dueText, now: store.clock(), zone: store.settings.localTime) else {
                throw CLIError.usage("--due '\(dueText)' is not a time; give \(TaskDue.forms)")
            }
            let task = try store.addTask(
                lead: lead, title: title, dueAt: due, manager: arguments.value("--manager"),
                actor: invocation.operatorName)
            Output.line(
                "task #\(task) added to lead #\(lead), due \(store.settings.localTime.labelled(milliseconds: due))")
        case "reopen":
            let task = try arguments.id(1, "the TASK_ID")
            try arguments.expectPositionals(atMost: 2)
            try invocation.openStore().reopenTask(task, actor: invocation.operatorName)
            Output.line("task #\(task) is open again")
        case let other:
            throw CLIError.usage("unknown task action '\(other)'; use add or reopen")
        }
        return 0
    }
}
