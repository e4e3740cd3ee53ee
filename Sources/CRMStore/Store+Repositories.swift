extension Store {
    /// The audit trail and the operations recorded over it.
    var auditLog: AuditLog { AuditLog(database: database) }
    /// Settling conflicts.
    var conflictRows: ConflictRepository { ConflictRepository(database: database) }
    /// Erasing a person.
    var erasure: EraseRepository { EraseRepository(database: database) }
    /// Leads' operator custom_data fields.
    var customFields: CustomFieldRepository { CustomFieldRepository(database: database) }
    /// Leads' email and phone lists.
    var contactLists: ContactListRepository { ContactListRepository(database: database) }
    /// The values operators set on a lead itself.
    var leadValues: LeadValueRepository { LeadValueRepository(database: database) }
    /// Managers and who is responsible for a lead.
    var managerRows: ManagerRepository { ManagerRepository(database: database) }
    /// Snapshots of the parts of a lead an operation changes.
    var leadSnapshots: LeadSnapshotRepository { LeadSnapshotRepository(database: database) }
    /// Merges and what they moved.
    var mergeLog: MergeRepository { MergeRepository(database: database) }
    /// Notes.
    var noteRows: NoteRepository { NoteRepository(database: database) }
    /// Tasks.
    var taskRows: TaskRepository { TaskRepository(database: database) }
}
