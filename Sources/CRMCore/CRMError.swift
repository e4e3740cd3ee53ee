/// A CRM operation that could not be done, with a message that says what and what to do.
public struct CRMError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The broad reason, for callers that react differently (exit codes, HTTP statuses).
    public enum Kind: Sendable, Equatable {
        /// An argument or value was not acceptable.
        case invalidArgument
        /// The thing named does not exist.
        case notFound
        /// The operation conflicts with the current state (already resolved, stale version).
        case conflict
    }

    /// The broad reason.
    public let kind: Kind
    /// What went wrong and what to do about it.
    public let message: String

    /// An error of `kind` saying `message`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// An unacceptable argument.
    public static func invalidArgument(_ message: String) -> CRMError { CRMError(.invalidArgument, message) }
    /// Something named does not exist.
    public static func notFound(_ message: String) -> CRMError { CRMError(.notFound, message) }
    /// The state does not allow it.
    public static func conflict(_ message: String) -> CRMError { CRMError(.conflict, message) }

    /// The message.
    public var description: String { message }
}
