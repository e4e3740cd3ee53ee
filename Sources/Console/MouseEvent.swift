/// A mouse event the console acts on, in screen cells.
public struct MouseEvent: Sendable, Hashable {
    /// What the mouse did.
    public enum Action: Sendable, Hashable {
        /// The first button went down.
        case press
        /// The wheel turned up (away from the operator).
        case wheelUp
        /// The wheel turned down.
        case wheelDown
    }

    /// What the mouse did.
    public var action: Action
    /// Where, 0-based from the top-left cell.
    public var point: Point

    /// `action` at `point`.
    public init(_ action: Action, at point: Point) {
        self.action = action
        self.point = point
    }
}
