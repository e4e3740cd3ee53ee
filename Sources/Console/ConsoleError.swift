import DisplayText
import Glibc

/// Why the terminal session could not start or keep running.
public struct ConsoleError: Error, Sendable, CustomStringConvertible {
    private enum Kind: Sendable {
        case locale(LocaleError)
        case terminal(String)
        case system(call: String, errno: Int32)
    }

    private let kind: Kind

    static func locale(_ error: LocaleError) -> ConsoleError { ConsoleError(kind: .locale(error)) }
    static func terminal(_ name: String) -> ConsoleError { ConsoleError(kind: .terminal(name)) }
    static func system(_ call: String, errno code: Int32 = errno) -> ConsoleError {
        ConsoleError(kind: .system(call: call, errno: code))
    }

    /// What went wrong and what to do about it.
    public var description: String {
        switch kind {
        case .locale(let error):
            return error.description
        case .terminal(let name):
            return "Cannot start the console on terminal type \"\(name)\": ncurses does not know it or stdin/stdout "
                + "is not a terminal; run jivocrm in an interactive terminal and check TERM (for example TERM=xterm-256color)."
        case .system(let call, let code):
            return "The console's \(call) failed: \(String(cString: strerror(code))) (errno \(code)); "
                + "this is an operating-system limit or fault, so check open file limits and try again."
        }
    }
}
