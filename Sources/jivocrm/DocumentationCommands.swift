/// `jivocrm completions SHELL`: a completion script (not listed in help; `make install` runs it).
enum CompletionsCommand: Command {
    static let name = "completions"
    static let synopsis = "completions bash|zsh|fish"
    static let summary = "Print the shell completion script for bash, zsh or fish."
    static let details = """
        Generated from the same command table as --help. `make install` installs all three.

        example:
          jivocrm completions bash > /etc/bash_completion.d/jivocrm
        """
    static let options: [OptionSpec] = []

    static func run(_ invocation: Invocation) throws -> Int32 {
        let shell = try invocation.arguments.positional(0, "the shell (bash, zsh or fish)")
        try invocation.arguments.expectPositionals(atMost: 1)
        guard let script = Documentation.completion(for: shell) else {
            throw CLIError.usage("completions are made for bash, zsh and fish, not '\(shell)'")
        }
        Output.line(script, terminated: false)
        return 0
    }
}

/// `jivocrm man`: the man page in roff (not listed in help; `make install` runs it).
enum ManCommand: Command {
    static let name = "man"
    static let synopsis = "man"
    static let summary = "Print the man page (roff) of every command."
    static let details = """
        Generated from the same command table as --help. `make install` installs it.

        example:
          jivocrm man | man -l -
        """
    static let options: [OptionSpec] = []

    static func run(_ invocation: Invocation) throws -> Int32 {
        try invocation.arguments.expectPositionals(atMost: 0)
        Output.line(Documentation.manPage, terminated: false)
        return 0
    }
}
