/// `jivocrm note`: adds, edits and deletes notes on a lead's timeline.
enum NoteCommand: Command {
    static let name = "note"
    static let synopsis = "note (add LEAD_ID TEXT | edit NOTE_ID TEXT | delete NOTE_ID)"
    static let summary = "Add a note to a lead, or edit or delete one of your own."
    static let details = """
        Notes show on the lead's timeline; `jivocrm show ID` lists them with their numbers. Only
        a note's author can edit or delete it. Every change is audited and `jivocrm undo` takes
        it back.

        examples:
          jivocrm note add 42 "called, no answer"
          jivocrm note edit 7 "called twice, no answer"
          jivocrm note delete 7
        """
    static let options: [OptionSpec] = []

    static func run(_ invocation: Invocation) throws -> Int32 {
        let arguments = invocation.arguments
        let actor = invocation.operatorName
        switch try arguments.positional(0, "add, edit or delete") {
        case "add":
            let lead = try arguments.id(1, "the LEAD_ID")
            let text = try arguments.positional(2, "the note's TEXT")
            try arguments.expectPositionals(atMost: 3)
            let note = try invocation.openStore().addNote(lead, text: text, actor: actor)
            Output.line("note #\(note) added to lead #\(lead)")
        case "edit":
            let note = try arguments.id(1, "the NOTE_ID")
            let text = try arguments.positional(2, "the note's new TEXT")
            try arguments.expectPositionals(atMost: 3)
            try invocation.openStore().editNote(note, text: text, actor: actor)
            Output.line("note #\(note) edited")
        case "delete":
            let note = try arguments.id(1, "the NOTE_ID")
            try arguments.expectPositionals(atMost: 2)
            try invocation.openStore().deleteNote(note, actor: actor)
            Output.line("note #\(note) deleted")
        case let other:
            throw CLIError.usage("unknown note action '\(other)'; use add, edit or delete")
        }
        return 0
    }
}
