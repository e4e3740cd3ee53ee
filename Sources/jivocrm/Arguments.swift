import CRMCore

/// An option a command accepts.
struct OptionSpec {
    /// `--name`.
    let name: String
    /// The value's placeholder (`PATH`), or nil for a flag.
    let value: String?
    /// One line of help.
    let help: String

    /// An option taking a value.
    static func value(_ name: String, _ placeholder: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, value: placeholder, help: help)
    }

    /// A flag.
    static func flag(_ name: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, value: nil, help: help)
    }
}

/// A command line split into its verb, positional words, option values and flags.
///
/// Options may stand before or after the verb (`jivocrm --db X leads` and `jivocrm leads --db X`
/// mean the same); `--name=value` and `--name value` both work; `--` ends the options.
struct Arguments {
    /// The verb, if one was given.
    var verb: String?
    /// Positional words after the verb.
    var positionals: [String] = []
    /// Values of options, by name, in order given.
    var values: [String: [String]] = [:]
    /// Flags given.
    var flags: Set<String> = []

    /// Options every verb accepts.
    static let global: [OptionSpec] = [
        .value(
            "--db", "PATH",
            "the store, a SQLite path or a postgresql:// URL (env JIVOCRM_DB; default ~/.local/share/jivocrm/crm.sqlite)"
        ),
        .value("--config", "PATH", "the configuration file (env JIVOCRM_CONFIG; default ~/.config/jivocrm/config)"),
        .flag("--help", "show help for the command"),
        .flag("--version", "print the version"),
    ]

    /// Finds the verb: the first word that is neither an option nor a global option's value.
    static func findVerb(_ words: [String]) -> String? {
        var index = 0
        while index < words.count {
            let word = words[index]
            if word == "--" { return index + 1 < words.count ? words[index + 1] : nil }
            if word.hasPrefix("-") && word != "-" {
                let name = String(word.split(separator: "=", maxSplits: 1)[0])
                if !word.contains("="), global.first(where: { $0.name == name })?.value != nil { index += 1 }
            } else {
                return word
            }
            index += 1
        }
        return nil
    }

    /// Parses `words` with the global options and `specs`; unknown options are usage errors.
    init(_ words: [String], verb: String?, specs: [OptionSpec]) throws(CLIError) {
        let known = Arguments.global + specs
        var index = 0
        var verbSeen = verb == nil
        var optionsEnded = false
        self.verb = verb
        while index < words.count {
            let word = words[index]
            index += 1
            if !optionsEnded && word == "--" {
                optionsEnded = true
                continue
            }
            if !optionsEnded && word == "-h" {
                flags.insert("--help")
                continue
            }
            if !optionsEnded && word.hasPrefix("--") {
                let parts = word.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = String(parts[0])
                guard let spec = known.first(where: { $0.name == name }) else {
                    throw .usage("unknown option \(name)" + (verb.map { " for '\($0)'" } ?? ""))
                }
                if spec.value == nil {
                    guard parts.count == 1 else { throw .usage("\(name) takes no value") }
                    flags.insert(name)
                } else if parts.count == 2 {
                    values[name, default: []].append(String(parts[1]))
                } else {
                    guard index < words.count else { throw .usage("\(name) needs a value (\(spec.value!))") }
                    values[name, default: []].append(words[index])
                    index += 1
                }
                continue
            }
            if !verbSeen && word == verb {
                verbSeen = true
                continue
            }
            positionals.append(word)
        }
    }

    /// The last value of option `name`.
    func value(_ name: String) -> String? { values[name]?.last }

    /// Whether flag `name` was given.
    func has(_ name: String) -> Bool { flags.contains(name) }

    /// Positional word `index`, or a usage error naming what is missing.
    func positional(_ index: Int, _ what: String) throws(CLIError) -> String {
        guard index < positionals.count else { throw .usage("missing \(what)") }
        return positionals[index]
    }

    /// Fails unless there are at most `count` positional words.
    func expectPositionals(atMost count: Int) throws(CLIError) {
        guard positionals.count <= count else {
            throw .usage("unexpected argument '\(positionals[count])'")
        }
    }

    /// The value of option `name` as a positive whole number; nil when the option is absent.
    func positiveInt(_ name: String) throws(CLIError) -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Int(text), number > 0 else {
            throw .usage("\(name) takes a positive number, not '\(text)'")
        }
        return number
    }

    /// A lead, task or conflict id from positional `index`.
    func id(_ index: Int, _ what: String) throws(CLIError) -> Int64 {
        let text = try positional(index, what)
        guard let id = Int64(text.hasPrefix("#") ? String(text.dropFirst()) : text), id > 0 else {
            throw .usage("\(what) must be a number, not '\(text)'")
        }
        return id
    }

    /// The value of option `name` read by `parse` (nil when the option is absent); a value
    /// `parse` refuses is a usage error, answered as the command line's own.
    func parsed<T>(_ name: String, _ parse: (String) throws(CRMError) -> T) throws(CLIError) -> T? {
        guard let text = value(name) else { return nil }
        do {
            return try parse(text)
        } catch {
            throw .usage(error.message)
        }
    }

    /// One or more lead IDs, then a last word (`status 4 5 6 open`): the IDs and that word. A
    /// lone word is taken for the missing one of the two: a number for the ID, else the value.
    func idsThenValue(_ what: String) throws(CLIError) -> ([Int64], String) {
        guard positionals.count >= 2 else {
            guard let lone = positionals.first else { throw .usage("missing the lead's ID") }
            let isID = Int64(lone.hasPrefix("#") ? String(lone.dropFirst()) : lone) != nil
            throw .usage(isID ? "missing \(what)" : "missing the lead's ID: give it before '\(lone)'")
        }
        var ids: [Int64] = []
        for index in 0..<(positionals.count - 1) { ids.append(try id(index, "the lead's ID")) }
        return (ids, positionals[positionals.count - 1])
    }
}
