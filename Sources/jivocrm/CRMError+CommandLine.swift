import CRMCore

extension CRMError {
    /// What to do about the error on the command line, when the store said what it was about:
    /// the command that lists what exists, or the ones that fix it by hand.
    var commandLineAdvice: String? {
        switch (kind, subject) {
        case (.notFound, .lead?): "`jivocrm leads` lists them"
        case (.notFound, .conflict?): "`jivocrm conflicts` lists the open ones"
        case (.notFound, .split?): "`jivocrm conflicts --all` lists the conflicts"
        case (.notFound, .merge?): "the audit trail of the lead that stayed (`jivocrm show ID`) names its merges"
        case (.notFound, .operation?): "`jivocrm undo --list` shows what can be undone"
        case (.notFound, .note?): "`jivocrm show LEAD` lists a lead's notes"
        case (.notFound, .task?): "`jivocrm tasks` lists them"
        case (.notFound, .manager?): "`jivocrm managers` lists them, `jivocrm managers add LOGIN --name NAME` adds one"
        case (.conflict, .merge?): "to separate the leads by hand: `jivocrm edit`, `jivocrm resolve --split`"
        default: nil
        }
    }

    /// The message with the command line's advice.
    var commandLineMessage: String { message + (commandLineAdvice.map { "; \($0)" } ?? "") }
}
