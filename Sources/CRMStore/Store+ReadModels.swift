extension Store {
    /// The lead list and its search.
    var leadList: LeadListRepository {
        LeadListRepository(database: database, searchIndex: searchIndex, broadSearchHits: broadSearchHits)
    }
    /// One lead's summary and detail.
    var leadDetails: LeadDetailRepository { LeadDetailRepository(database: database) }
    /// The task lists.
    var taskLists: TaskListRepository { TaskListRepository(database: database) }
    /// The conflict lists.
    var conflictLists: ConflictListRepository { ConflictListRepository(database: database) }
    /// The raw inbox as records.
    var eventList: EventListRepository { EventListRepository(database: database) }
    /// The console's, the listeners' and `/metrics`' counts.
    var counts: CountsRepository { CountsRepository(database: database) }
    /// The listeners' heartbeats.
    var heartbeats: HeartbeatRepository { HeartbeatRepository(database: database) }
    /// The forwarding outbox.
    var outbox: OutboxRepository { OutboxRepository(database: database) }
}
