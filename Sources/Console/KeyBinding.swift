import DisplayText

/// Keys bound to one command, with the help text shown for it.
public struct KeyBinding<Command: Sendable>: Sendable {
    /// The keys that trigger the command; the first is the one shown in status hints.
    public let keys: [Key]
    /// The command triggered.
    public let command: Command
    /// One line saying what the command does, for the help overlay.
    public let help: DisplayLine
    /// A one-word label for the status line, or `nil` to keep the binding out of it.
    public let hint: DisplayLine?

    /// Binds `keys` to `command`; `help` and `hint` are our own literals.
    public init(_ keys: [Key], _ command: Command, help: StaticString, hint: StaticString? = nil) {
        self.keys = keys
        self.command = command
        self.help = DisplayLine(help)
        self.hint = hint.map { DisplayLine($0) }
    }

    private init(keys: [Key], command: Command, help: DisplayLine, hint: DisplayLine?) {
        self.keys = keys
        self.command = command
        self.help = help
        self.hint = hint
    }

    /// The same keys, help and hint, bound to `transform(command)`.
    public func map<Other: Sendable>(_ transform: (Command) -> Other) -> KeyBinding<Other> {
        KeyBinding<Other>(keys: keys, command: transform(command), help: help, hint: hint)
    }
}

/// One row of the help overlay: key names and what they do.
public struct HelpEntry: Sendable, Hashable {
    /// Key names joined with `/`, such as `↓/j`.
    public let keys: DisplayLine
    /// The key names one by one.
    public let keyNames: [DisplayLine]
    /// What the keys do.
    public let help: DisplayLine
}

/// A titled group of help rows, generated from one ``Keymap``.
public struct HelpSection: Sendable, Hashable {
    /// The section title.
    public let title: DisplayLine
    /// The rows, in keymap order.
    public let entries: [HelpEntry]
}

/// A status-line hint: a key name and a short label.
public struct StatusHint: Sendable, Hashable {
    /// The key name.
    public let key: DisplayLine
    /// The label.
    public let label: DisplayLine

    /// A hint showing `key` then `label`.
    public init(key: DisplayLine, label: DisplayLine) {
        self.key = key
        self.label = label
    }
}
