/// The figures the console's status line shows.
public struct ConsoleCounts: Sendable, Equatable {
    /// Leads not merged away.
    public var leads: Int
    /// Unsorted leads.
    public var unsorted: Int
    /// Open conflicts.
    public var openConflicts: Int
    /// Open tasks past their due time.
    public var overdueTasks: Int
    /// The listeners of this store and the inbox, as every process sees them.
    public var health: ListenerHealth

    /// Counts with the given values.
    public init(
        leads: Int = 0, unsorted: Int = 0, openConflicts: Int = 0, overdueTasks: Int = 0,
        health: ListenerHealth = ListenerHealth()
    ) {
        self.leads = leads
        self.unsorted = unsorted
        self.openConflicts = openConflicts
        self.overdueTasks = overdueTasks
        self.health = health
    }
}
