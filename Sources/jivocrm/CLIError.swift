/// A command-line failure: a usage error (exit 2) or a failed operation (exit 1), with a
/// message that says what was wrong and what to do.
struct CLIError: Error, CustomStringConvertible {
    /// Whether the command line itself was wrong.
    let isUsage: Bool
    /// What was wrong and what to do.
    let message: String

    /// A usage error: the words of the command line are off.
    static func usage(_ message: String) -> CLIError { CLIError(isUsage: true, message: message) }

    /// A failed operation.
    static func failure(_ message: String) -> CLIError { CLIError(isUsage: false, message: message) }

    /// The message.
    var description: String { message }
}
