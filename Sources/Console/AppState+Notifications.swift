extension AppState {
    /// The terminal title: `jivocrm`, with the count of unread arrivals when there are some.
    public var terminalTitle: String {
        unreadArrivals.isEmpty ? "jivocrm" : "jivocrm — \(unreadArrivals.count) unread"
    }

    /// Counts the new leads and offline messages in `notes` as unread and asks for the bell
    /// when the ``bell`` policy says so. The listener leaves redelivered duplicates out of the
    /// notes, so a duplicate neither counts nor rings.
    mutating func noteArrivals(_ notes: [ChangeNote]) {
        for note in notes where note.isArrival {
            if let id = note.leadID { unreadArrivals.insert(id) }
            if bell.rings(for: note) { bellRequested = true }
        }
    }

    /// Whether the bell was asked for since the last call; clears the request.
    public mutating func takeBellRequest() -> Bool {
        defer { bellRequested = false }
        return bellRequested
    }
}
