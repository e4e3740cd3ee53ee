import JivoProtocol

/// A lead with the counts a list shows.
public struct LeadSummary: Sendable, Equatable {
    /// The lead.
    public var lead: Lead
    /// Open conflicts.
    public var openConflicts: Int
    /// Open tasks.
    public var openTasks: Int
    /// Chats.
    public var chats: Int
    /// Chats with messages nobody opened yet.
    public var unreadChats: Int

    /// A summary.
    public init(lead: Lead, openConflicts: Int, openTasks: Int, chats: Int, unreadChats: Int) {
        self.lead = lead
        self.openConflicts = openConflicts
        self.openTasks = openTasks
        self.chats = chats
        self.unreadChats = unreadChats
    }
}

/// One chat of a lead.
public struct ChatRecord: Sendable, Equatable {
    /// Row id.
    public var id: Int64
    /// JivoChat's chat id.
    public var chatID: String
    /// The channel.
    public var widgetID: String
    /// When the first event of the chat arrived, Unix milliseconds.
    public var startedAt: Int64
    /// When chat_finished arrived.
    public var finishedAt: Int64?
    /// `positive`, `negative` or nil.
    public var rate: String?
    /// Whether the visitor was blacklisted.
    public var blacklisted: Bool?
    /// The proactive invitation, if any.
    public var invitation: String?
    /// JivoChat's preformatted transcript, if sent.
    public var plainMessages: String?
    /// The agents, as `(id, name, email)`.
    public var agents: [Agent]
    /// The messages, in order.
    public var messages: [ChatMessage]
    /// Whether nobody opened it since new messages arrived.
    public var unread: Bool
    /// The name the visitor gave when the chat was first seen; nil when none was given (or the
    /// chat was kept before names were).
    public var visitorName: String?

    /// A chatRecord of the given values.
    public init(
        id: Int64, chatID: String, widgetID: String, startedAt: Int64, finishedAt: Int64?, rate: String?,
        blacklisted: Bool?, invitation: String?, plainMessages: String?, agents: [Agent], messages: [ChatMessage],
        unread: Bool, visitorName: String? = nil
    ) {
        self.visitorName = visitorName
        self.id = id
        self.chatID = chatID
        self.widgetID = widgetID
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.rate = rate
        self.blacklisted = blacklisted
        self.invitation = invitation
        self.plainMessages = plainMessages
        self.agents = agents
        self.messages = messages
        self.unread = unread
    }
}

/// A status a call passed through.
public struct CallStatusRecord: Sendable, Equatable {
    /// The status.
    public var status: String
    /// When it arrived, Unix milliseconds.
    public var at: Int64
    /// The reason, for errors.
    public var reason: String?

    /// A callStatusRecord of the given values.
    public init(status: String, at: Int64, reason: String?) {
        self.status = status
        self.at = at
        self.reason = reason
    }
}

/// One call of a lead.
public struct CallRecord: Sendable, Equatable {
    /// Row id.
    public var id: Int64
    /// `callback`, `incoming` or `outgoing`.
    public var type: String?
    /// The phone.
    public var phone: String?
    /// The latest status.
    public var status: String?
    /// The latest reason.
    public var reason: String?
    /// The recording.
    public var recordURL: String?
    /// First event, Unix milliseconds.
    public var startedAt: Int64
    /// Every status in order.
    public var history: [CallStatusRecord]

    /// A callRecord of the given values.
    public init(
        id: Int64, type: String?, phone: String?, status: String?, reason: String?, recordURL: String?,
        startedAt: Int64, history: [CallStatusRecord]
    ) {
        self.id = id
        self.type = type
        self.phone = phone
        self.status = status
        self.reason = reason
        self.recordURL = recordURL
        self.startedAt = startedAt
        self.history = history
    }
}

/// An offline-message or call-back task.
public struct TaskRecord: Sendable, Equatable {
    /// Row id.
    public var id: Int64
    /// The lead.
    public var leadID: Int64
    /// The lead's title.
    public var leadTitle: String
    /// `offline_message` or `call_back`.
    public var kind: String
    /// What to do (the visitor's message).
    public var text: String
    /// The assignee's login.
    public var assignee: String?
    /// Due time, Unix milliseconds.
    public var dueAt: Int64
    /// `open` or `done`.
    public var status: String
    /// Creation time.
    public var createdAt: Int64
    /// When it was marked done.
    public var doneAt: Int64?
    /// The person's name on the lead; empty while unknown.
    public var leadName: String = ""

    /// Who the task is about: the person's name, else the lead's title.
    public var person: String { Lead.displayName(name: leadName, title: leadTitle) }

    /// A taskRecord of the given values.
    public init(
        id: Int64, leadID: Int64, leadTitle: String, kind: String, text: String, assignee: String?, dueAt: Int64,
        status: String, createdAt: Int64, doneAt: Int64?, leadName: String = ""
    ) {
        self.id = id
        self.leadID = leadID
        self.leadTitle = leadTitle
        self.kind = kind
        self.text = text
        self.assignee = assignee
        self.dueAt = dueAt
        self.status = status
        self.createdAt = createdAt
        self.doneAt = doneAt
        self.leadName = leadName
    }
}

/// A disagreement between visitor data and the CRM.
public struct ConflictRecord: Sendable, Equatable {
    /// Row id.
    public var id: Int64
    /// The lead.
    public var leadID: Int64
    /// `name`, `email`, `phone`, `description`, `crm_link` or `duplicate`.
    public var field: String
    /// What the CRM holds.
    public var current: String
    /// What the visitor gave.
    public var incoming: String
    /// For duplicates: the other lead.
    public var otherLeadID: Int64?
    /// The event that brought the incoming value.
    public var eventID: Int64?
    /// `open` or `resolved`.
    public var status: String
    /// How it was resolved.
    public var resolution: String?
    /// When it opened.
    public var createdAt: Int64
    /// When it was resolved.
    public var resolvedAt: Int64?
    /// Who resolved it.
    public var resolvedBy: String?

    /// A conflictRecord of the given values.
    public init(
        id: Int64, leadID: Int64, field: String, current: String, incoming: String, otherLeadID: Int64?,
        eventID: Int64?, status: String, resolution: String?, createdAt: Int64, resolvedAt: Int64?, resolvedBy: String?
    ) {
        self.id = id
        self.leadID = leadID
        self.field = field
        self.current = current
        self.incoming = incoming
        self.otherLeadID = otherLeadID
        self.eventID = eventID
        self.status = status
        self.resolution = resolution
        self.createdAt = createdAt
        self.resolvedAt = resolvedAt
        self.resolvedBy = resolvedBy
    }
}

/// An entry of the audit trail.
public struct AuditEntry: Sendable, Equatable {
    /// Row id.
    public var id: Int64
    /// When, Unix milliseconds.
    public var at: Int64
    /// `webhook` or the operator's name.
    public var actor: String
    /// The lead, if any.
    public var leadID: Int64?
    /// What happened (`created`, `fill`, `edit`, `assign`, ...).
    public var action: String
    /// The field, if one.
    public var field: String?
    /// The value before.
    public var before: String?
    /// The value after.
    public var after: String?
    /// Why, or the rule that decided.
    public var detail: String?

    /// A auditEntry of the given values.
    public init(
        id: Int64, at: Int64, actor: String, leadID: Int64?, action: String, field: String?, before: String?,
        after: String?, detail: String?
    ) {
        self.id = id
        self.at = at
        self.actor = actor
        self.leadID = leadID
        self.action = action
        self.field = field
        self.before = before
        self.after = after
        self.detail = detail
    }
}

/// An operator's note on a lead's timeline.
public struct NoteRecord: Sendable, Equatable {
    /// Row id.
    public var id: Int64
    /// When, Unix milliseconds.
    public var at: Int64
    /// Who wrote it.
    public var author: String
    /// The text.
    public var text: String

    /// A noteRecord of the given values.
    public init(id: Int64, at: Int64, author: String, text: String) {
        self.id = id
        self.at = at
        self.author = author
        self.text = text
    }
}

/// A raw event of the inbox.
public struct EventRecord: Sendable, Equatable {
    /// Row id.
    public var id: Int64
    /// Arrival, Unix milliseconds.
    public var receivedAt: Int64
    /// `event_name` (empty when the body had none).
    public var eventName: String
    /// The chat id, if any.
    public var chatID: String?
    /// `applied`, `duplicate`, `quarantined` or `failed`.
    public var status: String
    /// Why it was quarantined or failed.
    public var error: String?
    /// The lead it touched.
    public var leadID: Int64?
    /// Body size in bytes.
    public var size: Int
    /// What an applied event left unapplied, or that it had no CRM effect.
    public var note: String?

    /// A eventRecord of the given values.
    public init(
        id: Int64, receivedAt: Int64, eventName: String, chatID: String?, status: String, error: String?,
        leadID: Int64?, size: Int, note: String?
    ) {
        self.id = id
        self.receivedAt = receivedAt
        self.eventName = eventName
        self.chatID = chatID
        self.status = status
        self.error = error
        self.leadID = leadID
        self.size = size
        self.note = note
    }
}

/// Everything about one lead.
public struct LeadDetail: Sendable, Equatable {
    /// The lead and its counts.
    public var summary: LeadSummary
    /// Chats, newest first, with their messages.
    public var chats: [ChatRecord]
    /// Calls, newest first.
    public var calls: [CallRecord]
    /// Tasks, newest first.
    public var tasks: [TaskRecord]
    /// Conflicts, open first.
    public var conflicts: [ConflictRecord]
    /// Notes, newest first.
    public var notes: [NoteRecord]
    /// The audit trail, oldest first.
    public var audit: [AuditEntry]
    /// The lead this one was merged into, if it was.
    public var mergedInto: Int64?

    /// A leadDetail of the given values.
    public init(
        summary: LeadSummary, chats: [ChatRecord], calls: [CallRecord], tasks: [TaskRecord],
        conflicts: [ConflictRecord], notes: [NoteRecord], audit: [AuditEntry], mergedInto: Int64?
    ) {
        self.summary = summary
        self.chats = chats
        self.calls = calls
        self.tasks = tasks
        self.conflicts = conflicts
        self.notes = notes
        self.audit = audit
        self.mergedInto = mergedInto
    }
}

/// One recorded merge of two leads, undoable with `jivocrm unmerge`.
public struct MergeRecord: Sendable, Equatable {
    /// Row id: the number `jivocrm unmerge` takes.
    public var id: Int64
    /// The lead that stayed.
    public var survivorID: Int64
    /// The lead merged into it.
    public var absorbedID: Int64
    /// When, Unix milliseconds.
    public var at: Int64
    /// Who merged.
    public var actor: String
    /// When it was undone, if it was.
    public var undoneAt: Int64?
    /// Who undid it.
    public var undoneBy: String?

    /// A mergeRecord of the given values.
    public init(
        id: Int64, survivorID: Int64, absorbedID: Int64, at: Int64, actor: String, undoneAt: Int64?, undoneBy: String?
    ) {
        self.id = id
        self.survivorID = survivorID
        self.absorbedID = absorbedID
        self.at = at
        self.actor = actor
        self.undoneAt = undoneAt
        self.undoneBy = undoneBy
    }
}
