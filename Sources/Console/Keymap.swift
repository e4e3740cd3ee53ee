import DisplayText

/// A table from keys to commands. Help screens and status hints are generated from it, so each
/// command's key and description are written once.
public struct Keymap<Command: Sendable>: Sendable {
    /// The title of this keymap's help section.
    public let title: DisplayLine
    /// The bindings, in the order help shows them.
    public let bindings: [KeyBinding<Command>]

    /// A keymap titled `title` holding `bindings`.
    public init(title: StaticString, _ bindings: [KeyBinding<Command>]) {
        self.title = DisplayLine(title)
        self.bindings = bindings
    }

    /// The command bound to `key`, if any (the first binding wins).
    public func command(for key: Key) -> Command? {
        bindings.first { $0.keys.contains(key) }?.command
    }

    /// Keys bound more than once, which would make later bindings unreachable; empty when sound.
    public var conflicts: [Key] {
        var seen: Set<Key> = []
        var repeated: [Key] = []
        for key in bindings.flatMap(\.keys) where !seen.insert(key).inserted {
            repeated.append(key)
        }
        return repeated
    }

    /// The help section for this keymap.
    public var helpSection: HelpSection {
        HelpSection(
            title: title,
            entries: bindings.map { binding in
                HelpEntry(
                    keys: binding.keys.map(\.name).joined(separator: "/"), keyNames: binding.keys.map(\.name),
                    help: binding.help)
            })
    }

    /// Status-line hints for bindings that have a hint label, using each binding's first key.
    public var statusHints: [StatusHint] {
        statusHints { _ in true }
    }

    /// ``statusHints`` of the bindings whose command `applies` admits (a dialog whose keys
    /// depend on what it shows).
    public func statusHints(where applies: (Command) -> Bool) -> [StatusHint] {
        bindings.compactMap { binding in
            guard let hint = binding.hint, let key = binding.keys.first, applies(binding.command) else { return nil }
            return StatusHint(key: key.name, label: hint)
        }
    }
}
