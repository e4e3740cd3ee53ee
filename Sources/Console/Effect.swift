import CRMCore
import JivoProtocol

/// Work ``AppState/update(_:)`` asks for; ``EffectRunner`` does it against the store and answers
/// with ``AppEvent``s.
public enum Effect: Sendable, Equatable {
    /// Read a page of leads; `append` adds it below the loaded ones.
    case loadLeads(LeadFilter, append: Bool)
    /// Read lead `id` with its timeline; `markRead` marks its chats read first.
    case loadDetail(Int64, markRead: Bool)
    /// Count every lead the filter's search matches (for "hit 3 of 17"), unless the search is
    /// broad.
    case countHits(LeadFilter)
    /// Read the open tasks.
    case loadTasks
    /// Read the inbox of deliveries.
    case loadInbox
    /// Read the status-line counts.
    case loadCounts
    /// Read the managers.
    case loadManagers
    /// Read the open conflicts of lead `id` with their events (`refresh`: for the conflict
    /// dialog already open, which keeps its place).
    case loadConflicts(Int64, refresh: Bool)
    /// Read two leads for a merge.
    case loadMerge(survivor: Int64, absorbed: Int64)
    /// Read the last merge into lead `id` that is not undone.
    case loadUnmerge(Int64)
    /// Compose the next reply for lead `id`.
    case loadReplyPreview(Int64)
    /// Undo merge `id`.
    case unmerge(Int64)
    /// Undo the split that resolved conflict `id`.
    case unsplit(Int64)
    /// Turn listener notes into a transient message.
    case describe([ChangeNote])
    /// Save contact_info and crm_link, failing if the lead is no longer at `expectedVersion`.
    case saveContact(lead: Int64, ContactEdit, expectedVersion: Int64)
    /// Add or replace a custom field; `replacing` is the field as the form opened it (refused
    /// when it reads otherwise now), `position` where it was.
    case saveField(lead: Int64, LeadField, replacing: LeadField?, position: Int?)
    /// Remove a custom field.
    case removeField(lead: Int64, title: String)
    /// Move a custom field.
    case moveField(lead: Int64, from: Int, to: Int)
    /// Assign a manager; with `seen` (a login, "" for none), only while the lead still has the
    /// manager the operator saw.
    case assign(lead: Int64, login: String, seen: String? = nil)
    /// Set a status; with `seen`, only while the lead still has the status the operator saw.
    case setStatus(lead: Int64, LeadStatus, seen: LeadStatus? = nil)
    /// Settle conflict `conflict` of lead `lead`; `mergingInto`: the lead that stays when
    /// settling it merges two duplicate leads.
    case resolve(conflict: Int64, lead: Int64, Resolution, mergingInto: Int64? = nil)
    /// Merge `absorbed` into `survivor`, then apply `edit` to the survivor; `decided`: the fields
    /// the operator chose a value of (no conflict opens about them); `versions`: the two leads'
    /// versions the dialog showed (a lead changed since is read again instead).
    case merge(
        absorbed: Int64, survivor: Int64, edit: ContactEdit, decided: Set<ContactField>, versions: [Int64: Int64])
    /// Add a note.
    case addNote(lead: Int64, text: String)
    /// Mark task `id` of lead `lead` done.
    case completeTask(Int64, lead: Int64)
    /// Apply one change to several leads, leaving out those whose value another operator changed
    /// since the operator saw it (`seen`, as ``BulkChange/replaced(in:)`` gives it); `unmarked`:
    /// leads the question counted that left the view before the answer (said, not changed).
    case bulk(BulkChange, leads: [Int64], seen: [Int64: String] = [:], unmarked: [Int64] = [])
    /// Read the ids of every lead the filter selects (for marking them).
    case loadMatchingIDs(LeadFilter)
    /// Undo the operator's last operation; when it is one of `bulk` (the operations of the last
    /// bulk change this console made), all of those together.
    case undo(bulk: [Int64])
    /// Change a lead's emails or phones; `of`: the value the change is to, wherever it stands now.
    case changeContacts(lead: Int64, ContactField, ContactChange, of: String?)
    /// Replace the text of note `id` of lead `lead`, while it reads `original` still.
    case editNote(Int64, lead: Int64, text: String, original: String)
    /// Delete note `id` of lead `lead`.
    case deleteNote(Int64, lead: Int64)
    /// Create a task by hand.
    case addTask(lead: Int64, title: String, dueAt: Int64, manager: String?)
    /// Open done task `id` of lead `lead` again.
    case reopenTask(Int64, lead: Int64)
}

/// One committed webhook, as the listener reports it.
public struct ChangeNote: Sendable, Equatable {
    /// The event's name.
    public var eventName: String
    /// The lead it touched.
    public var leadID: Int64?
    /// Whether it created the lead.
    public var created: Bool

    /// A note.
    public init(eventName: String, leadID: Int64?, created: Bool) {
        self.eventName = eventName
        self.leadID = leadID
        self.created = created
    }
}

/// Which operation an ``AppEvent/succeeded(_:_:)`` or ``AppEvent/failed(_:_:)`` answers: a dialog
/// takes the outcome of the operation it waits for (``Modal/awaitedOperation``), the status
/// line every other.
public enum Operation: Sendable, Equatable {
    /// A read of what the screen shows (the list, a lead, tasks, the inbox, counts, managers).
    case load
    /// A contact edit.
    case contact
    /// A custom field change.
    case field
    /// An assignment or status change.
    case triage
    /// A conflict resolution.
    case conflict
    /// A merge.
    case merge
    /// A note.
    case note
    /// A task completion.
    case task
    /// A change to several leads.
    case bulk
    /// An undo.
    case undo
    /// A change of emails or phones.
    case contacts
}

/// Something that happened: a key, a resize, data read, an operation's outcome.
public enum AppEvent: Sendable {
    /// A key.
    case key(Key)
    /// A mouse click or wheel turn.
    case mouse(MouseEvent)
    /// A command, as if its key was pressed.
    case command(AppCommand)
    /// The terminal has a new size.
    case resize(Size)
    /// The listener committed events.
    case changes([ChangeNote])
    /// Time passed: expires the transient message when its time is up.
    case tick
    /// SIGINT or Ctrl-C.
    case interrupt
    /// SIGTERM or a hang-up: leave now.
    case terminate
    /// Ctrl-Z (SIGTSTP) in a console whose process runs the listener, which must keep answering:
    /// the console stays and says how to suspend instead.
    case suspendRefused
    /// A page of leads, read for `filter` (at most its limit).
    case leadsLoaded([LeadSummary], append: Bool, filter: LeadFilter)
    /// A lead's detail and the reply its next chat gets, as the store composes it (both nil
    /// when it is gone).
    case detailLoaded(Int64, LeadDetail?, reply: ChatReply?)
    /// How many leads `search` matches; nil when it is too broad to count (the list then says
    /// "hit 3 of 200+").
    case hitsCounted(Int?, search: String?)
    /// Open tasks.
    case tasksLoaded([TaskRecord])
    /// The inbox, quarantined and failed first.
    case inboxLoaded([EventRecord])
    /// Status-line counts.
    case countsLoaded(ConsoleCounts)
    /// Managers.
    case managersLoaded([Manager])
    /// Lead `lead`'s open conflicts (`refresh`: for the dialog already open).
    case conflictsLoaded(lead: Int64, [ConflictItem], refresh: Bool)
    /// Two leads for a merge.
    case mergeLoaded(survivor: Lead, absorbed: Lead)
    /// The merge `U` would undo on lead `lead`, or nil when there is none.
    case unmergeLoaded(lead: Int64, MergeRecord?)
    /// The split `U` would undo on lead `lead` (when no merge is there to undo).
    case unsplitLoaded(lead: Int64, ConflictRecord)
    /// The JSON the next reply for lead `lead` carries.
    case replyPreviewLoaded(lead: Int64, json: String)
    /// The ids of every lead the list's search and filters select.
    case matchingIDsLoaded([Int64])
    /// A transient message about new data.
    case announced(String)
    /// An operation worked.
    case succeeded(Operation, String)
    /// A bulk change worked, recording `operations` (which one `u` undoes together).
    case bulkSucceeded(String, operations: [Int64])
    /// An operation failed; `message` says why and what to do.
    case failed(Operation, String)
    /// A contact edit lost a race; the lead as it is now.
    case stale(current: Lead)
}
