/// A statement's SQLite text as PostgreSQL runs it, translated once per text: `?` and `?N`
/// placeholders become `$N` (outside quotes, numbered as SQLite numbers them);
/// `INSERT OR IGNORE INTO` becomes `INSERT INTO … ON CONFLICT DO NOTHING`; an insert into a
/// table with an `id` column returns it, which stands for SQLite's `last_insert_rowid()`.
/// Whatever else differs between the dialects is a switch at the statement in its repository.
struct PostgresStatementText: Equatable {
    /// The PostgreSQL text.
    var sql: String
    /// How many parameters it takes (the highest `$N`).
    var parameterCount: Int
    /// Whether it returns the `id` of the rows it inserts.
    var returnsID: Bool

    /// The tables whose key is an `id` identity column (SQLite's `INTEGER PRIMARY KEY`).
    static let identityTables: Set<String> = [
        "managers", "leads", "events", "chats", "messages", "calls", "tasks", "conflicts", "notes", "audit",
        "merges", "operations", "outbox",
    ]

    /// The translation of the SQLite statement `sqlite`.
    init(_ sqlite: String) {
        var text = ""
        var highest = 0
        var quote: Character?
        var characters = sqlite[...]
        while let character = characters.popFirst() {
            if let open = quote {
                if character == open { quote = nil }
                text.append(character)
            } else if character == "'" || character == "\"" {
                quote = character
                text.append(character)
            } else if character == "?" {
                let digits = characters.prefix(while: \.isASCIIDigit)
                characters = characters.dropFirst(digits.count)
                let number = Int(digits) ?? highest + 1
                highest = max(highest, number)
                text += "$\(number)"
            } else {
                text.append(character)
            }
        }
        let trimmed = text.drop(while: \.isWhitespace)
        var suffix = ""
        if trimmed.hasPrefix("INSERT OR IGNORE INTO ") {
            text = "INSERT INTO " + trimmed.dropFirst("INSERT OR IGNORE INTO ".count)
            suffix = " ON CONFLICT DO NOTHING"
        }
        var returnsID = false
        if text.hasPrefix("INSERT INTO ") || trimmed.hasPrefix("INSERT INTO ") {
            let table = text.drop(while: \.isWhitespace).dropFirst("INSERT INTO ".count)
                .prefix(while: { $0 != "(" && !$0.isWhitespace })
            if Self.identityTables.contains(String(table)), !text.contains("RETURNING") {
                suffix += " RETURNING id"
                returnsID = true
            }
        }
        sql = text + suffix
        parameterCount = highest
        self.returnsID = returnsID
    }
}

extension Character {
    /// Whether this is one of 0-9.
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
