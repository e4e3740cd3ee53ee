/// A command-line failure: a usage error (exit 2) or a failed operation (exit 1), with a
/// message that says what was wrong and what to do.
struct CLIError: Error, CustomStringConvertible {
    private enum Kind {
        case usage(String)
        case failure(String)
    }

    private let kind: Kind

    /// A usage error: the words of the command line are off.
    static func usage(_ message: String) -> CLIError { CLIError(kind: .usage(message)) }

    /// A failed operation.
    static func failure(_ message: String) -> CLIError { CLIError(kind: .failure(message)) }

    /// Whether the command line itself was wrong.
    var isUsage: Bool {
        if case .usage = kind { return true }
        return false
    }

    /// What was wrong and what to do.
    var message: String {
        switch kind {
        case .usage(let message), .failure(let message): message
        }
    }

    /// The message.
    var description: String { message }
}
