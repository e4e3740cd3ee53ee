/// Movements of a list selection, bound to keys by ``keymap``.
public enum ListMotion: Sendable, Hashable {
    /// One row up.
    case up
    /// One row down.
    case down
    /// First row.
    case top
    /// Last row.
    case bottom
    /// One page up.
    case pageUp
    /// One page down.
    case pageDown

    /// The list navigation keys.
    public static let keymap = Keymap<ListMotion>(
        title: "Lists",
        [
            KeyBinding([.down, .character("j")], .down, help: "Next row"),
            KeyBinding([.up, .character("k")], .up, help: "Previous row"),
            KeyBinding([.pageDown], .pageDown, help: "Next page"),
            KeyBinding([.pageUp], .pageUp, help: "Previous page"),
            KeyBinding([.home, .character("g")], .top, help: "First row"),
            KeyBinding([.end, .character("G")], .bottom, help: "Last row"),
        ])
}
