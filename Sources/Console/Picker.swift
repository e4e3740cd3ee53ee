import CRMCore
import DisplayText

/// Chooses one item from a list: the list keys move (`j`/`k`, Home/End…); `/`, or any other
/// letter, starts a filter that narrows it by typing (case-insensitive substring match).
public struct Picker<ID: Hashable & Sendable>: Sendable {
    /// One choice.
    public struct Item: Sendable, Hashable {
        /// The stable id returned when chosen.
        public let id: ID
        /// What is shown and matched against the filter.
        public let label: DisplayLine

        /// An item `id` shown as `label`.
        public init(id: ID, label: DisplayLine) {
            self.id = id
            self.label = label
        }
    }

    /// What a key did to the picker.
    public enum Outcome: Sendable, Hashable {
        /// Still choosing.
        case choosing
        /// The operator chose this id.
        case chosen(ID)
        /// The operator closed the picker.
        case cancelled
    }

    /// The picker title.
    public let title: DisplayLine
    /// Every item, in order.
    public let items: [Item]
    /// What the picker says when no item matches (or there is none).
    public let emptyHint: DisplayLine
    /// Whether a filter `#N` (or `:N`) matches only the item whose id is N, not every label
    /// holding those characters (`#4` is lead 4, not also #42).
    public let numbered: Bool
    /// The filter text being typed.
    public private(set) var filter = LineEditor()
    /// Whether the filter has the keys (after `/` or a letter that is not a list key).
    public private(set) var isFiltering = false
    /// Selection over the matching items.
    public private(set) var list: ListState<ID>

    /// A picker titled `title` over `items`, showing `pageSize` matches at a time, and
    /// `emptyHint` when none matches; `numbered`: `#N` matches the item whose id is N.
    public init(
        title: DisplayLine, items: [Item], pageSize: Int = 10, emptyHint: DisplayLine = "nothing matches",
        numbered: Bool = false
    ) {
        self.title = title
        self.items = items
        self.emptyHint = emptyHint
        self.numbered = numbered
        list = ListState(ids: items.map(\.id), pageSize: pageSize)
    }

    /// Items whose label contains the filter, ignoring case and the spaces around it (a pasted
    /// word comes with its line break, shown as a space); with ``numbered``, a filter `#N`: the
    /// item whose id is N.
    public var matches: [Item] {
        let needle = filter.display.string.trimmingWhitespace.lowercased()
        guard !needle.isEmpty else { return items }
        if numbered, let number = SearchPlan.leadNumber(filter.text.trimmingWhitespace) {
            return items.filter { String(describing: $0.id) == String(number) }
        }
        return items.filter { $0.label.string.lowercased().contains(needle) }
    }

    /// Applies `key`.
    public mutating func handle(_ key: Key) -> Outcome {
        switch keymap.command(for: key) {
        case .move(let motion)?:
            list.apply(motion)
        case .choose?:
            if let id = list.selectedID { return .chosen(id) }
        case .filter?:
            isFiltering = true
        case .cancel?:
            return .cancelled
        case nil:
            guard filter.handle(key) else { break }
            isFiltering = true
            list.replaceRows(matches.map(\.id))
        }
        return .choosing
    }

    /// The keys in force: the filter's while typing one, else the list's.
    public var keymap: Keymap<PickerCommand> {
        isFiltering ? PickerCommand.filterKeymap : PickerCommand.keymap
    }

    /// Draws a bordered box in `rect`: the filter on the first row, then the visible matches.
    public func render(on canvas: inout some Canvas, in rect: Rect) {
        guard rect.rows >= 4, rect.columns >= 6 else { return }
        canvas.fill(rect, style: .normal)
        canvas.drawBorder(rect, title: title, style: .focusedBorder)
        let inner = rect.inset(by: 1)
        canvas.draw("/", at: inner.origin, width: 1, style: .dim)
        if isFiltering || !filter.text.isEmpty {
            filter.render(
                on: &canvas, at: Point(row: inner.top, column: inner.left + 2), width: inner.columns - 2,
                style: .input, focused: isFiltering)
        } else {
            canvas.draw(
                "filter", at: Point(row: inner.top, column: inner.left + 2), width: inner.columns - 2, style: .dim)
        }
        if list.ids.isEmpty {
            canvas.drawFitted(
                " " + emptyHint, at: Point(row: inner.top + 1, column: inner.left), width: inner.columns, style: .dim)
        }
        let labels = Dictionary(items.map { ($0.id, $0.label) }, uniquingKeysWith: { first, _ in first })
        for (line, index) in list.visibleRange.prefix(inner.rows - 1).enumerated() {
            let id = list.ids[index]
            let style: Style = index == list.selection ? .selected : .normal
            canvas.drawFitted(
                " " + (labels[id] ?? .empty), at: Point(row: inner.top + 1 + line, column: inner.left),
                width: inner.columns, style: style)
        }
    }
}
