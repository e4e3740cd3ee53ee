import Glibc

/// Whether a destructive verb may go ahead: `--yes`, or a person at a terminal who says yes.
/// Without a terminal and without `--yes` nothing is changed and the verb fails, so a script
/// that forgot the flag learns it instead of thinking the work was done.
enum Confirmation {
    /// Whether standard input and output are a terminal (a person can be asked).
    static var interactive: Bool { isatty(0) == 1 && isatty(1) == 1 }

    /// The failure of `command` run without --yes away from a terminal.
    static func refused(_ command: String) -> CLIError {
        .failure(
            "nothing was changed: `jivocrm \(command)` changes the store for good and standard input is not a "
                + "terminal; run `jivocrm \(command) --yes` to do it")
    }

    /// Asks `question` on the terminal; true for `y` or `yes`.
    static func ask(_ question: String) -> Bool {
        Output.line("\(question) [y/N] ", terminated: false)
        guard let answer = readLine() else { return false }
        return ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
    }
}
