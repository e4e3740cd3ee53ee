/// The console's key tables; help and status hints are generated from them.
public enum AppKeymaps {
    /// Keys that work everywhere outside dialogs.
    public static let global = Keymap<AppCommand>(
        title: "Everywhere",
        [
            KeyBinding([.character("?"), .function(1)], .help, help: "Show this help", hint: "help"),
            KeyBinding([.tab], .nextPane, help: "Next pane"),
            KeyBinding([.backTab], .previousPane, help: "Previous pane"),
            KeyBinding([.character("t")], .tasks, help: "Show or leave the task queue", hint: "tasks"),
            KeyBinding([.character("E")], .events, help: "Show or leave the inbox (quarantined, failed first)"),
            KeyBinding([.character("r"), .control("l")], .reload, help: "Reload from the store"),
            KeyBinding([.character("L")], .messages, help: "Show the recent messages in full, newest first"),
            KeyBinding([.character("u")], .undo, help: "Undo my last change"),
            KeyBinding([.character("q")], .quit, help: "Quit", hint: "quit"),
        ])

    /// Actions on the open lead, shared by the list, card and timeline.
    static let leadActions: [KeyBinding<AppCommand>] = [
        KeyBinding([.character("e")], .edit, help: "Edit contact info and crm_link", hint: "edit"),
        KeyBinding([.character("F")], .fields, help: "Add, edit, remove, reorder custom fields"),
        KeyBinding([.character("a")], .assign, help: "Assign a manager", hint: "assign"),
        KeyBinding([.character("s")], .setStatus, help: "Accept, decline, qualify, win or lose", hint: "status"),
        KeyBinding([.character("D")], .completeLeadTasks, help: "Mark the lead's open tasks done"),
        KeyBinding([.character("c")], .resolveConflicts, help: "Resolve the lead's conflicts"),
        KeyBinding([.character("m")], .merge, help: "Merge another lead into this one"),
        KeyBinding([.character("U")], .unmerge, help: "Undo the last merge into this lead"),
        KeyBinding([.character("i")], .note, help: "Add a note"),
        KeyBinding([.character("p")], .previewReply, help: "Preview the next reply, as the agent gets it"),
        KeyBinding([.character("C")], .contacts, help: "Add, edit, remove, reorder emails and phones"),
        KeyBinding([.character("I")], .notes, help: "Edit or delete my notes"),
        KeyBinding([.character("T")], .addTask, help: "Add a task (title, due, manager)"),
    ]

    /// Motions as scroll commands.
    static let motions: [KeyBinding<AppCommand>] = ListMotion.keymap.bindings.map {
        $0.map { AppCommand.move($0) }
    }

    /// The lead list.
    public static let list = Keymap<AppCommand>(
        title: "Lead list",
        motions + [
            KeyBinding([.enter], .open, help: "Open the lead (marks its chats read)", hint: "open"),
            KeyBinding(
                [.character("/")], .search, help: "Search every lead: names, emails, phones, transcripts, #42",
                hint: "search"),
            KeyBinding([.character(":"), .character("#")], .goToLead, help: "Go to a lead by its number"),
            KeyBinding([.character("n")], .nextMatch, help: "Next search hit (wraps around)"),
            KeyBinding([.character("N")], .previousMatch, help: "Previous search hit (wraps around)"),
            KeyBinding([.character("1")], .view(.unsorted), help: "View unsorted leads"),
            KeyBinding([.character("2")], .view(.open), help: "View open leads"),
            KeyBinding([.character("3")], .view(.all), help: "View all leads"),
            KeyBinding([.character("4")], .view(.conflicts), help: "View leads with conflicts"),
            KeyBinding([.character("5")], .view(.mine), help: "View my leads"),
            KeyBinding([.character("v")], .nextView, help: "Next view", hint: "view"),
            KeyBinding([.character("f")], .filterStatus, help: "Filter by status"),
            KeyBinding([.character("M")], .filterManager, help: "Filter by manager, or unassigned leads"),
            KeyBinding([.character("!")], .toggleConflictsFilter, help: "Only leads with conflicts (again: all)"),
            KeyBinding([.character("+")], .toggleTasksFilter, help: "Only leads with open tasks (again: all)"),
            KeyBinding([.character("o")], .sort, help: "Sort by activity, created, name or due task"),
            KeyBinding([.character("V")], .savedView, help: "Apply a saved view (view.NAME in the config)"),
            KeyBinding([.character(" ")], .toggleMark, help: "Mark or unmark the lead for s, a, D on all marked"),
            KeyBinding([.character("*")], .markAllMatching, help: "Mark every lead the search and filters select"),
            KeyBinding([.escape], .back, help: "Clear search and filters"),
        ] + leadActions)

    /// The lead card and the timeline.
    public static let lead = Keymap<AppCommand>(
        title: "Lead card and timeline",
        motions + [
            KeyBinding([.escape], .back, help: "Back to the list", hint: "back")
        ] + leadActions)

    /// The task queue.
    public static let tasks = Keymap<AppCommand>(
        title: "Tasks",
        motions + [
            KeyBinding([.enter], .open, help: "Jump to the task's lead", hint: "lead"),
            KeyBinding([.character("d")], .completeTask, help: "Mark the task done", hint: "done"),
            KeyBinding([.character("D")], .toggleDoneTasks, help: "Show or hide done tasks"),
            KeyBinding([.character("o")], .reopenTask, help: "Reopen the done task"),
            KeyBinding([.escape], .back, help: "Back to the leads", hint: "back"),
        ])

    /// The inbox of deliveries.
    public static let events = Keymap<AppCommand>(
        title: "Inbox",
        motions + [
            KeyBinding([.enter], .open, help: "Open the delivery's lead", hint: "lead"),
            KeyBinding([.escape], .back, help: "Back to the leads", hint: "back"),
        ])

    /// Every section of the help, in order.
    public static var helpSections: [HelpSection] {
        [
            global.helpSection, list.helpSection, lead.helpSection, tasks.helpSection, events.helpSection,
            Form.keymap.helpSection, LineEditor.keymap.helpSection, ConflictModal.keymap.helpSection,
            MergeModal.keymap.helpSection, FieldsModal.keymap.helpSection, ContactsModal.keymap.helpSection,
            NotesModal.keymap.helpSection,
            StaleModal.keymap.helpSection, TextViewer.keymap.helpSection, PickerCommand.keymap.helpSection,
            PickerCommand.filterKeymap.helpSection,
        ]
    }
}
