/// Selection and scroll position over rows identified by stable ids.
///
/// When rows are re-fetched, the selection follows its id (not its index), and the selected row
/// stays at the same screen row when items are inserted above it.
public struct ListState<ID: Hashable & Sendable>: Sendable, Equatable {
    /// Row ids in display order.
    public private(set) var ids: [ID]
    /// The selected row index, `nil` only when there are no rows.
    public private(set) var selection: Int?
    /// The first visible row.
    public private(set) var offset: Int = 0
    /// Rows that arrived above the visible ones (out of sight, since the selected row keeps
    /// its screen row) and have not been on screen since: a pane's title counts them.
    public private(set) var unseenAbove: Set<ID> = []
    /// How many rows are visible; the selection is kept inside them.
    public var pageSize: Int {
        didSet { clampOffset() }
    }

    /// A list over `ids`, selecting the first row, showing `pageSize` rows.
    public init(ids: [ID] = [], pageSize: Int = 1) {
        self.ids = ids
        self.pageSize = max(1, pageSize)
        selection = ids.isEmpty ? nil : 0
    }

    /// The id of the selected row.
    public var selectedID: ID? {
        selection.map { ids[$0] }
    }

    /// After ``replaceRows(_:notingArrivals:)``: the row `previous` (the one selected before)
    /// when the new rows lack it, with the row selected in its place; nil when the selection
    /// stayed on it or there is none.
    public func selectionMoved(from previous: ID?) -> (gone: ID, now: ID)? {
        guard let previous, let now = selectedID, now != previous, !ids.contains(previous) else { return nil }
        return (previous, now)
    }

    /// The indices of the visible rows.
    public var visibleRange: Range<Int> {
        offset..<min(ids.count, offset + max(1, pageSize))
    }

    /// Moves the selection.
    public mutating func apply(_ motion: ListMotion) {
        guard let current = selection else { return }
        let page = max(1, pageSize)
        let target: Int
        switch motion {
        case .up: target = current - 1
        case .down: target = current + 1
        case .top: target = 0
        case .bottom: target = ids.count - 1
        case .pageUp: target = current - page
        case .pageDown: target = current + page
        }
        selection = min(max(0, target), ids.count - 1)
        clampOffset()
    }

    /// Selects the row with `id`, if present; returns whether it was found.
    @discardableResult
    public mutating func select(id: ID) -> Bool {
        guard let index = ids.firstIndex(of: id) else { return false }
        selection = index
        clampOffset()
        return true
    }

    /// Replaces the rows. The selected id stays selected at the same screen row when it is still
    /// present; otherwise the selection keeps its index, limited to the new rows.
    /// `notingArrivals`: rows that were not in the list before and land above the visible ones
    /// are remembered in ``unseenAbove`` (not for the first rows, nor for a next page added at
    /// the end).
    public mutating func replaceRows(_ newIDs: [ID], notingArrivals: Bool = true) {
        let known = notingArrivals && !ids.isEmpty ? Set(ids) : nil
        let previousID = selectedID
        let screenRow = selection.map { $0 - offset } ?? 0
        let previousIndex = selection ?? 0
        ids = newIDs
        guard !newIDs.isEmpty else {
            selection = nil
            offset = 0
            unseenAbove = []
            return
        }
        if let previousID, let index = newIDs.firstIndex(of: previousID) {
            selection = index
            offset = index - screenRow
        } else {
            selection = min(previousIndex, newIDs.count - 1)
        }
        clampOffset()
        if let known {
            for id in ids.prefix(offset) where !known.contains(id) { unseenAbove.insert(id) }
        }
    }

    /// Keeps the offset within the rows and the selection on screen, and forgets the unseen
    /// rows that are on screen now or gone.
    private mutating func clampOffset() {
        let page = max(1, pageSize)
        offset = min(max(0, offset), max(0, ids.count - page))
        if let selection {
            if selection < offset { offset = selection }
            if selection >= offset + page { offset = selection - page + 1 }
        }
        if !unseenAbove.isEmpty { unseenAbove.formIntersection(ids.prefix(offset)) }
    }
}
