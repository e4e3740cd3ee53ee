/// What a piece of text means on screen; ``Theme`` decides how each role looks.
public enum Style: Sendable, Hashable, CaseIterable {
    /// Ordinary text.
    case normal
    /// Secondary text: timestamps, hints, placeholders.
    case dim
    /// Pane and dialog titles.
    case title
    /// Column headers.
    case header
    /// The selected row of a focused list.
    case selected
    /// The border of the focused pane or dialog.
    case focusedBorder
    /// The border of other panes.
    case unfocusedBorder
    /// The status line background text.
    case statusBar
    /// Key names inside the status line and help.
    case key
    /// An editable input field.
    case input
    /// Something that needs attention but is not wrong.
    case warning
    /// A failure or an invalid value.
    case error
    /// A small flag beside an item (unread, conflict).
    case marker
}
