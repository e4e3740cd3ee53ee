import DisplayText

extension ListState {
    /// What a pane's title adds for the rows that arrived above the visible ones and were not
    /// seen yet (`· 3 new ↑`), nothing when there are none.
    var unseenTitle: DisplayLine {
        unseenAbove.isEmpty ? .empty : Sanitizer.line(" · \(unseenAbove.count) new ↑")
    }
}
