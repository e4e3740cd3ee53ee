import CRMCore

/// Which screen fills the body.
public enum Screen: Sendable, Hashable {
    /// The lead list, card and timeline.
    case leads
    /// The open task queue.
    case tasks
    /// The raw inbox of deliveries.
    case events
}

/// Everything an operator can ask for with a key; bound to keys by ``AppKeymaps``.
public enum AppCommand: Sendable, Hashable {
    /// Move the selection (list, tasks) or scroll (card, timeline).
    case move(ListMotion)
    /// Focus the next pane.
    case nextPane
    /// Focus the previous pane.
    case previousPane
    /// Open the selected lead (or jump to the selected task's lead).
    case open
    /// Go back: close the lead, leave the task screen, clear the search.
    case back
    /// Edit contact_info and crm_link.
    case edit
    /// Manage custom data fields.
    case fields
    /// Assign a manager.
    case assign
    /// Set the triage status.
    case setStatus
    /// Resolve the lead's conflicts.
    case resolveConflicts
    /// Merge another lead into this one.
    case merge
    /// Undo the last merge into this lead (after a confirmation).
    case unmerge
    /// Add a note.
    case note
    /// Show the next reply exactly as JivoChat's agent will get it.
    case previewReply
    /// Mark or unmark the highlighted lead for a bulk action, and move down.
    case toggleMark
    /// Mark every lead the list's search and filters select (again: unmark all).
    case markAllMatching
    /// Mark the open tasks of the lead (or of every marked lead) done.
    case completeLeadTasks
    /// Add, edit, remove and reorder the lead's emails and phones.
    case contacts
    /// Edit or delete one's notes on the lead.
    case notes
    /// Create a task on the lead by hand.
    case addTask
    /// Show or hide done tasks in the task queue.
    case toggleDoneTasks
    /// Open the selected done task again.
    case reopenTask
    /// Undo the operator's own last change (status, manager, edit, fields, conflict, task, note).
    case undo
    /// Search names, emails, phones and transcripts.
    case search
    /// Jump to a lead by its number (`#42`).
    case goToLead
    /// The next match of the search.
    case nextMatch
    /// The previous match of the search.
    case previousMatch
    /// Filter by status.
    case filterStatus
    /// Filter by manager (or leads without one).
    case filterManager
    /// Only leads with open conflicts, or all again.
    case toggleConflictsFilter
    /// Only leads with open tasks, or all again.
    case toggleTasksFilter
    /// Choose the list's order.
    case sort
    /// Apply a saved view from the configuration.
    case savedView
    /// Show a view (tab).
    case view(LeadView)
    /// The next view.
    case nextView
    /// Show or leave the task queue.
    case tasks
    /// Show or leave the inbox of deliveries (quarantined and failed first).
    case events
    /// Mark the selected task done.
    case completeTask
    /// Re-read everything from the store.
    case reload
    /// Show the help.
    case help
    /// Show the recent status-line messages in full, newest first.
    case messages
    /// Quit.
    case quit
}
