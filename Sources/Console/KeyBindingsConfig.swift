import DisplayText

/// One line of the configuration file's `[keys]` section: `command = key key…`.
public struct KeySetting: Sendable, Hashable {
    /// The line's number in the file, for error messages.
    public var line: Int
    /// The command's name (``AppCommand/configName``).
    public var command: String
    /// The keys, separated by spaces.
    public var keys: String

    /// A setting read from line `line`.
    public init(line: Int, command: String, keys: String) {
        self.line = line
        self.command = command
        self.keys = keys
    }
}

/// Why a `[keys]` setting cannot be used; the message names the line and what to do.
public struct KeyBindingError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Reason: Sendable, Equatable {
        case unknownCommand(String, known: [String])
        case boundTwice(String, earlierLine: Int)
        case noKeys(String)
        case unreadableKey(String)
        case sharedKey(key: String, first: String, second: String, pane: String)
    }

    /// The line of the setting at fault.
    public let line: Int
    private let reason: Reason

    private init(line: Int, _ reason: Reason) {
        self.line = line
        self.reason = reason
    }

    /// Line `line` names `command`, which is none of the `known` commands.
    static func unknownCommand(line: Int, _ command: String, known: [String]) -> KeyBindingError {
        KeyBindingError(line: line, .unknownCommand(command, known: known))
    }
    /// Line `line` binds `command` again, after line `earlierLine` did.
    static func boundTwice(line: Int, _ command: String, earlierLine: Int) -> KeyBindingError {
        KeyBindingError(line: line, .boundTwice(command, earlierLine: earlierLine))
    }
    /// Line `line` gives `command` no key.
    static func noKeys(line: Int, _ command: String) -> KeyBindingError {
        KeyBindingError(line: line, .noKeys(command))
    }
    /// Line `line` has `word`, which is not a key jivocrm can read.
    static func unreadableKey(line: Int, _ word: String) -> KeyBindingError {
        KeyBindingError(line: line, .unreadableKey(word))
    }
    /// Line `line` leaves `key` bound to both `first` and `second` in the pane titled `pane`.
    static func sharedKey(line: Int, key: String, first: String, second: String, pane: String) -> KeyBindingError {
        KeyBindingError(line: line, .sharedKey(key: key, first: first, second: second, pane: pane))
    }

    /// What is wrong and what to do.
    public var message: String {
        switch reason {
        case .unknownCommand(let command, let known):
            "unknown command '\(command)'; commands: \(known.joined(separator: ", "))"
        case .boundTwice(let command, let earlier):
            "'\(command)' is already bound on line \(earlier); keep one line for it"
        case .noKeys(let command): "'\(command)' needs at least one key"
        case .unreadableKey(let word):
            "cannot read the key '\(word)'; write one character (A, /), ctrl-LETTER (not ctrl-c, h, i, j "
                + "or m), F1 to F63, or up, down, left, right, pgup, pgdn, home, end, tab, s-tab, enter, "
                + "esc, space, bksp, del, ins"
        case .sharedKey(let key, let first, let second, let pane):
            "\(key) would run both '\(first)' and '\(second)' in \(pane); bind one of them to another key"
        }
    }

    /// `line N: message`.
    public var description: String {
        "line \(line): \(message)"
    }
}

/// The key tables the console uses outside dialogs: the defaults of ``AppKeymaps`` with the
/// configuration file's `[keys]` applied. Help, status hints and key handling read these; the
/// README's table shows the defaults.
public struct AppKeyBindings: Sendable {
    /// Keys that work everywhere outside dialogs.
    public private(set) var global: Keymap<AppCommand>
    /// The lead list.
    public private(set) var list: Keymap<AppCommand>
    /// The lead card and timeline.
    public private(set) var lead: Keymap<AppCommand>
    /// The task queue.
    public private(set) var tasks: Keymap<AppCommand>

    /// The bindings ``AppKeymaps`` defines.
    public static let defaults = AppKeyBindings(
        global: AppKeymaps.global, list: AppKeymaps.list, lead: AppKeymaps.lead, tasks: AppKeymaps.tasks)

    /// The keymaps a setting may change.
    private var all: [Keymap<AppCommand>] {
        [global, list, lead, tasks]
    }

    /// Every command a setting may name, by name.
    public static var commandsByName: [String: AppCommand] {
        var names: [String: AppCommand] = [:]
        for binding in defaults.all.flatMap(\.bindings) { names[binding.command.configName] = binding.command }
        return names
    }

    /// Every help section, with these bindings in place of the defaults.
    public var helpSections: [HelpSection] {
        let effective = all
        return AppKeymaps.helpSections.map { section in
            effective.first { $0.title == section.title }?.helpSection ?? section
        }
    }

    /// These bindings with each setting's keys replacing the keys of its command, in every
    /// keymap holding it. Throws for an unknown command, a key that cannot be read, a command
    /// set twice, or a key that ends up bound to two commands of one keymap (the global keys
    /// count in every pane's).
    public func applying(_ settings: [KeySetting]) throws(KeyBindingError) -> AppKeyBindings {
        var result = self
        let commands = Self.commandsByName
        var seen: [String: Int] = [:]
        for setting in settings {
            guard let command = commands[setting.command] else {
                throw .unknownCommand(line: setting.line, setting.command, known: commands.keys.sorted())
            }
            if let earlier = seen[setting.command] {
                throw .boundTwice(line: setting.line, setting.command, earlierLine: earlier)
            }
            seen[setting.command] = setting.line
            let keys = try Self.keys(setting)
            result.global = result.global.rebinding(command, to: keys)
            result.list = result.list.rebinding(command, to: keys)
            result.lead = result.lead.rebinding(command, to: keys)
            result.tasks = result.tasks.rebinding(command, to: keys)
        }
        for pane in [result.list, result.lead, result.tasks] {
            let combined = result.global.bindings + pane.bindings
            for (index, binding) in combined.enumerated() {
                for key in binding.keys {
                    guard let other = combined[..<index].first(where: { $0.keys.contains(key) }) else { continue }
                    let culprit = [binding.command, other.command].compactMap { seen[$0.configName] }.max() ?? 0
                    throw .sharedKey(
                        line: culprit, key: key.name.string, first: other.command.configName,
                        second: binding.command.configName, pane: pane.title.string)
                }
            }
        }
        return result
    }

    /// The keys of `setting`, space-separated.
    private static func keys(_ setting: KeySetting) throws(KeyBindingError) -> [Key] {
        let words = setting.keys.split(separator: " ").map(String.init)
        guard !words.isEmpty else {
            throw .noKeys(line: setting.line, setting.command)
        }
        var keys: [Key] = []
        for word in words {
            guard let key = Key(configName: word) else {
                throw .unreadableKey(line: setting.line, word)
            }
            if !keys.contains(key) { keys.append(key) }
        }
        return keys
    }
}

extension Keymap {
    /// The same keymap with `keys` bound to `command` instead of its default keys; unchanged
    /// when it does not hold `command`.
    func rebinding(_ command: Command, to keys: [Key]) -> Keymap where Command: Equatable {
        Keymap(
            title: title,
            bindings: bindings.map { $0.command == command ? KeyBinding(rebinding: $0, keys: keys) : $0 })
    }

    /// A keymap titled `title` holding `bindings`.
    init(title: DisplayLine, bindings: [KeyBinding<Command>]) {
        self.title = title
        self.bindings = bindings
    }
}

extension KeyBinding {
    /// `binding` with `keys` in place of its own.
    init(rebinding binding: KeyBinding, keys: [Key]) {
        self.keys = keys
        command = binding.command
        help = binding.help
        hint = binding.hint
    }
}
