extension LeadSummary {
    /// The list's markers, in their columns: `!` open conflicts, `+` open tasks, `*` unread
    /// chats; a column without its marker holds `absent` (the console pads with a space, the
    /// CLI's table leaves it out).
    public func markers(absent: String = "") -> String {
        (openConflicts > 0 ? "!" : absent) + (openTasks > 0 ? "+" : absent) + (unreadChats > 0 ? "*" : absent)
    }
}
