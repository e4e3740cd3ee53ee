import CRMCore
import DisplayText

/// Commands of the search dialog.
public enum SearchCommand: Sendable, Hashable {
    /// Search for what was typed (nothing typed clears the search).
    case search
    /// Close without searching.
    case cancel
}

/// Typing a search: a line at the bottom of the screen; Enter lists every lead the text finds
/// (what it means, a lead number, a phone or text, is CRMCore's ``SearchPlan``).
public struct SearchModal: Sendable {
    /// The text being typed.
    public var editor: LineEditor
    /// Whether the text is the last search, offered selected: a typed character or a paste
    /// replaces it, an editing key (arrows, Backspace…) keeps it to edit.
    public private(set) var offersLastSearch: Bool

    /// A search dialog starting with `text`; `lastSearch`: the text is the last search, offered
    /// selected.
    public init(text: String, lastSearch: Bool = false) {
        editor = LineEditor(text: text)
        offersLastSearch = lastSearch && !text.isEmpty
    }

    /// Applies an editing key: the first one replaces the offered last search when it types.
    mutating func edit(_ key: Key) {
        if offersLastSearch {
            offersLastSearch = false
            switch key {
            case .character, .paste: editor = LineEditor(text: "")
            default: break
            }
        }
        editor.handle(key)
    }

    /// The keys of the dialog; any other key edits the line (``LineEditor/keymap``).
    public static let keymap = Keymap<SearchCommand>(
        title: "Search",
        [
            KeyBinding([.enter], .search, help: "Search", hint: "search"),
            KeyBinding([.escape], .cancel, help: "Cancel", hint: "cancel"),
        ])

    /// Draws the line at the bottom of `area`.
    func render(on canvas: inout some Canvas, in area: Rect) {
        let inner = ModalView.box(
            on: &canvas, in: area, rows: 1, columns: area.columns,
            title: "Search names, emails, phones, transcripts", bottom: true)
        guard !inner.isEmpty else { return }
        canvas.draw("/", at: inner.origin, width: 1, style: .key)
        editor.render(
            on: &canvas, at: Point(row: inner.top, column: inner.left + 2), width: inner.columns - 2,
            style: offersLastSearch ? .selected : .input, focused: true)
    }
}

extension AppState {
    /// A key in the search dialog.
    mutating func searchKey(_ key: Key, _ modal: SearchModal) -> [Effect] {
        switch SearchModal.keymap.command(for: key) {
        case .search?:
            modals.removeLast()
            let text = modal.editor.text.trimmingWhitespace
            search(text.isEmpty ? nil : text)
            focus = .list
            return reloadList()
        case .cancel?:
            modals.removeLast()
            return []
        case nil:
            var modal = modal
            modal.edit(key)
            modals[modals.count - 1] = .search(modal)
            return []
        }
    }
}
