extension AppCommand {
    /// The command's name in the configuration file's `[keys]` section, such as `assign` or
    /// `view-unsorted`.
    public var configName: String {
        switch self {
        case .move(let motion):
            switch motion {
            case .up: "up"
            case .down: "down"
            case .top: "top"
            case .bottom: "bottom"
            case .pageUp: "page-up"
            case .pageDown: "page-down"
            }
        case .nextPane: "next-pane"
        case .previousPane: "previous-pane"
        case .open: "open"
        case .back: "back"
        case .edit: "edit"
        case .fields: "fields"
        case .assign: "assign"
        case .setStatus: "status"
        case .resolveConflicts: "conflicts"
        case .merge: "merge"
        case .unmerge: "unmerge"
        case .note: "note"
        case .search: "search"
        case .goToLead: "go-to-lead"
        case .nextMatch: "next-match"
        case .previousMatch: "previous-match"
        case .filterStatus: "filter-status"
        case .filterManager: "filter-manager"
        case .toggleConflictsFilter: "filter-conflicts"
        case .toggleTasksFilter: "filter-tasks"
        case .sort: "sort"
        case .savedView: "saved-view"
        case .previewReply: "preview-reply"
        case .toggleMark: "mark"
        case .markAllMatching: "mark-all"
        case .completeLeadTasks: "done-lead-tasks"
        case .view(let view): "view-" + view.label.lowercased()
        case .nextView: "next-view"
        case .tasks: "tasks"
        case .events: "events"
        case .contacts: "contacts"
        case .notes: "notes"
        case .addTask: "add-task"
        case .toggleDoneTasks: "show-done-tasks"
        case .reopenTask: "reopen-task"
        case .undo: "undo"
        case .completeTask: "done"
        case .reload: "reload"
        case .help: "help"
        case .messages: "messages"
        case .quit: "quit"
        }
    }
}
