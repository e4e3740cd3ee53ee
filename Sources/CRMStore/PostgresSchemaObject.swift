/// A table, index, function or trigger that ``PostgresSchema``'s migrations leave in the
/// database, with the statement that creates it: what `check` looks for in the catalog and
/// `init` creates again when it is missing (a table excepted: its rows are gone with it).
public struct PostgresSchemaObject: Sendable, Equatable, CustomStringConvertible {
    /// What the object is.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// A table.
        case table
        /// An index (one a constraint makes is part of its table).
        case index
        /// A function (a trigger's).
        case function
        /// A trigger, on ``PostgresSchemaObject/table``.
        case trigger
    }

    /// What the object is.
    public let kind: Kind
    /// Its name.
    public let name: String
    /// The table it belongs to (an index's or trigger's; a table's own name).
    public let table: String
    /// The statement that creates it.
    let statement: String

    /// `index leads_activity on leads`, `table leads`.
    public var description: String {
        kind == .table || kind == .function ? "\(kind.rawValue) \(name)" : "\(kind.rawValue) \(name) on \(table)"
    }

    /// The objects the `migrations` leave, in the order they are created: each `CREATE TABLE`,
    /// `CREATE [UNIQUE] INDEX`, `CREATE FUNCTION` and `CREATE TRIGGER` less the indexes a later
    /// `DROP INDEX` removes, and every table's `<table>_changed` trigger (version 3's loop adds
    /// one to each table but `schema_version`, and a later table needs its own).
    static func objects(of migrations: [String]) -> [PostgresSchemaObject] {
        var objects: [PostgresSchemaObject] = []
        for statement in migrations.flatMap(statements) {
            let words = statement.split(whereSeparator: \.isWhitespace).map(String.init)
            let upper = words.map { $0.uppercased() }
            if upper.starts(with: ["DROP", "INDEX"]) {
                let name = upper.count > 3 && upper[2] == "IF" ? words[4] : words[2]
                objects.removeAll { $0.kind == .index && $0.name == name }
            } else if let object = object(created: statement, words: words, upper: upper) {
                objects.removeAll { $0.kind == object.kind && $0.name == object.name && $0.table == object.table }
                objects.append(object)
            }
        }
        let changeTriggers = objects.filter { $0.kind == .table }.map { table in
            PostgresSchemaObject(
                kind: .trigger, name: table.name + "_changed", table: table.name,
                statement: "CREATE TRIGGER \(table.name)_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "
                    + "\(table.name) FOR EACH STATEMENT EXECUTE FUNCTION notify_change()")
        }
        return objects + changeTriggers
    }

    /// The object `statement` (split into `words`, and those in capitals) creates, if any.
    private static func object(created statement: String, words: [String], upper: [String]) -> PostgresSchemaObject? {
        let name = { (index: Int) in
            String(words[index].prefix { $0 != "(" && $0 != ";" })
        }
        guard upper.first == "CREATE", upper.count > 2 else { return nil }
        switch upper[1] {
        case "TABLE":
            return PostgresSchemaObject(kind: .table, name: name(2), table: name(2), statement: statement)
        case "FUNCTION":
            return PostgresSchemaObject(kind: .function, name: name(2), table: "", statement: statement)
        case "INDEX", "UNIQUE", "TRIGGER":
            let kind: Kind = upper[1] == "TRIGGER" ? .trigger : .index
            var at = upper[1] == "UNIQUE" ? 3 : 2
            if upper.count > at + 2, upper[at] == "IF" { at += 3 }
            guard let on = upper[(at + 1)...].firstIndex(of: "ON"), on + 1 < words.count else { return nil }
            return PostgresSchemaObject(kind: kind, name: name(at), table: name(on + 1), statement: statement)
        default:
            return nil
        }
    }

    /// The statements of `script`, split at the semicolons outside `$$` quotes (a function's
    /// body), without the white space around them; comments are not expected.
    static func statements(_ script: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var quoted = false
        for character in script {
            if character == "$" && current.last == "$" { quoted.toggle() }
            if character == ";" && !quoted {
                statements.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        return (statements + [current]).map { statement in
            String(statement.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
        }.filter { !$0.isEmpty }
    }
}
