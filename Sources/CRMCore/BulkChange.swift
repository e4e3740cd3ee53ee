/// One change applied to many leads at once (the console's marked leads, a script's ids).
public enum BulkChange: Sendable, Equatable {
    /// Set the status.
    case status(LeadStatus)
    /// Make this manager responsible.
    case assign(login: String)
    /// Mark every open task done; with `only`, only those of these tasks still open (the ones the
    /// operator saw: a task added meanwhile stays open).
    case completeTasks(only: Set<Int64>? = nil)
}
