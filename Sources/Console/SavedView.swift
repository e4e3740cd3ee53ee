import CRMCore
import JivoProtocol

/// A named list setup from the configuration file (`view.NAME = …`): a tab, filters, an order
/// and a search, applied at once in the console (`V`) and by `jivocrm leads --view NAME`.
///
/// The text is words separated by spaces: `tab:unsorted|open|all|conflicts|mine`,
/// `status:STATUS`, `manager:LOGIN`, `unassigned`, `conflicts`, `tasks`,
/// `sort:activity|created|name|due`, and last, optionally, `/` followed by a search that runs
/// to the end of the line.
public struct SavedView: Sendable, Equatable {
    /// The view's name.
    public var name: String
    /// The tab, filters, order and search it applies.
    public var query = ListQuery()

    /// Parses the view `name` from its configuration `text`.
    public init(name: String, text: String) throws(SavedViewError) {
        self.name = name
        var rest = Substring(text)
        while let word = Self.nextWord(&rest) {
            if word.hasPrefix("/") {
                let search = String(word.dropFirst() + rest).trimmingWhitespace
                query.search = search.isEmpty ? nil : search
                break
            }
            let parts = word.split(separator: ":", maxSplits: 1).map(String.init)
            switch (parts[0], parts.count == 2 ? parts[1] : nil) {
            case ("unassigned", nil): query.unassigned = true
            case ("conflicts", nil): query.conflicts = true
            case ("tasks", nil): query.tasks = true
            case ("tab", let value?):
                query.tab = try Self.choice(
                    value, of: LeadView.allCases, named: { $0.label.lowercased() }, view: name, word: word)
            case ("status", let value?):
                query.status = try Self.choice(
                    value, of: LeadStatus.allCases, named: \.rawValue, view: name, word: word)
            case ("manager", let value?): query.managerLogin = value
            case ("sort", let value?):
                query.sort = try Self.choice(value, of: LeadSort.allCases, named: \.rawValue, view: name, word: word)
            default:
                throw .unknownWord(view: name, word: word)
            }
        }
    }

    /// The saved views of a configuration's `view.NAME = …` entries, by name.
    public static func all(fromConfiguration entries: [String: String]) throws(SavedViewError) -> [SavedView] {
        var views: [SavedView] = []
        for (key, text) in entries.sorted(by: { $0.key < $1.key }) where key.hasPrefix(prefix) {
            views.append(try SavedView(name: String(key.dropFirst(prefix.count)), text: text))
        }
        return views
    }

    /// The prefix of a saved view's configuration key.
    public static let prefix = "view."

    /// The choice among `choices` whose name is `value` (ignoring case), or an error listing the
    /// names.
    private static func choice<Choice>(
        _ value: String, of choices: [Choice], named name: (Choice) -> String, view: String, word: Substring
    ) throws(SavedViewError) -> Choice {
        guard let found = choices.first(where: { name($0) == value.lowercased() }) else {
            let key = word.prefix(while: { $0 != ":" })
            throw .unknownChoice(view: view, word: word, key: key, choices: choices.map(name))
        }
        return found
    }

    /// Takes the next space-separated word off `text`.
    private static func nextWord(_ text: inout Substring) -> Substring? {
        text = text.drop(while: \.isWhitespace)
        guard !text.isEmpty else { return nil }
        let word = text.prefix(while: { !$0.isWhitespace })
        text = text.dropFirst(word.count)
        return word
    }
}

/// A saved view whose text has a word jivocrm does not understand.
public struct SavedViewError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Reason: Sendable, Equatable {
        case unknownWord(view: String, word: String)
        case unknownChoice(view: String, word: String, key: String, choices: [String])
    }

    private let reason: Reason

    private init(_ reason: Reason) { self.reason = reason }

    /// The view `view` has `word`, which is none of the view words.
    static func unknownWord(view: String, word: Substring) -> SavedViewError {
        SavedViewError(.unknownWord(view: view, word: String(word)))
    }
    /// The view `view` has `word`, a `key:value` whose value is none of `choices`.
    static func unknownChoice(view: String, word: Substring, key: Substring, choices: [String]) -> SavedViewError {
        SavedViewError(.unknownChoice(view: view, word: String(word), key: String(key), choices: choices))
    }

    /// What went wrong and what to do.
    public var description: String {
        switch reason {
        case .unknownWord(let view, let word):
            "the saved view '\(view)' has '\(word)', which is not a view word; use "
                + "tab:…, status:…, manager:…, unassigned, conflicts, tasks, sort:… or /search"
        case .unknownChoice(let view, let word, let key, let choices):
            "the saved view '\(view)' has '\(word)', which is not a view word; use \(key):"
                + choices.joined(separator: ", ")
        }
    }
}
