/// A change to one of a lead's contact lists (its emails or its phones). Positions count from
/// 0; the value at 0 is the primary one, which replies send.
public enum ContactChange: Sendable, Equatable {
    /// Append a value.
    case add(String)
    /// Replace the value at a position.
    case replace(Int, String)
    /// Remove the value at a position.
    case remove(Int)
    /// Move the value at a position to another (to 0: make it primary).
    case move(from: Int, to: Int)

    /// The same change made to the value at `position` instead (an added value has none).
    public func at(_ position: Int) -> ContactChange {
        switch self {
        case .add: self
        case .replace(_, let value): .replace(position, value)
        case .remove: .remove(position)
        case .move(let from, let to): .move(from: position, to: to + (position - from))
        }
    }
}
