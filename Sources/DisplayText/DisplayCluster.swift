/// One grapheme cluster of sanitised text and the number of terminal columns it occupies (1 or 2).
///
/// A cluster is a spacing character followed by at most ``DisplayCluster/maximumMarks`` zero-width
/// marks, so a terminal cell (an ncurses `cchar_t`) can hold it whole.
public struct DisplayCluster: Sendable, Hashable {
    /// The most zero-width marks kept on one base character; further marks are dropped.
    public static let maximumMarks = 4

    /// The cluster's Unicode scalars as a string; never contains control or format characters.
    public let text: String
    /// Terminal columns the cluster occupies: 1 or 2.
    public let width: Int

    init(text: String, width: Int) {
        self.text = text
        self.width = width
    }

    static let space = DisplayCluster(text: " ", width: 1)
    static let ellipsis = DisplayCluster(text: "…", width: 1)
}
