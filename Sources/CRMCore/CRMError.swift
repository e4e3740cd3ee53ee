/// A CRM operation that could not be done, with a message that says what went wrong.
///
/// Messages name the thing by its number ("lead #12"), never a person's name, email or phone,
/// and never a command: each front end (the command line, the console) says what to do in its
/// own words, from ``kind`` and ``subject``.
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

    /// What the operation was about, so a front end can say where to look or what to do.
    public enum Subject: Sendable, Equatable {
        /// A lead.
        case lead
        /// A conflict.
        case conflict
        /// An operator's undoable operation.
        case operation
        /// A merge of two leads.
        case merge
        /// A split that settled a conflict.
        case split
        /// A note.
        case note
        /// A task.
        case task
        /// A manager.
        case manager
    }

    private enum Reason: Sendable, Equatable {
        case invalid(String)
        case missing(Subject?, String)
        case clash(Subject?, String)
    }

    private let reason: Reason

    private init(_ reason: Reason) { self.reason = reason }

    /// An error of `kind` saying `message`.
    public init(_ kind: Kind, _ message: String) {
        switch kind {
        case .invalidArgument: reason = .invalid(message)
        case .notFound: reason = .missing(nil, message)
        case .conflict: reason = .clash(nil, message)
        }
    }

    /// An unacceptable argument.
    public static func invalidArgument(_ message: String) -> CRMError { CRMError(.invalid(message)) }
    /// Something named does not exist.
    public static func notFound(_ message: String) -> CRMError { CRMError(.missing(nil, message)) }
    /// A `subject` named does not exist.
    public static func notFound(_ subject: Subject, _ message: String) -> CRMError {
        CRMError(.missing(subject, message))
    }
    /// The state does not allow it.
    public static func conflict(_ message: String) -> CRMError { CRMError(.clash(nil, message)) }
    /// The state of a `subject` does not allow it.
    public static func conflict(_ subject: Subject, _ message: String) -> CRMError {
        CRMError(.clash(subject, message))
    }

    /// The broad reason.
    public var kind: Kind {
        switch reason {
        case .invalid: .invalidArgument
        case .missing: .notFound
        case .clash: .conflict
        }
    }

    /// What the operation was about, when the store said.
    public var subject: Subject? {
        switch reason {
        case .invalid: nil
        case .missing(let subject, _), .clash(let subject, _): subject
        }
    }

    /// What went wrong.
    public var message: String {
        switch reason {
        case .invalid(let message), .missing(_, let message), .clash(_, let message): message
        }
    }

    /// The message.
    public var description: String { message }
}
