/// A failure talking to PostgreSQL, with a message that says what went wrong and what to do.
/// Messages name the server by its redacted address and never contain a password.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Kind: Sendable, Equatable {
        /// The connection could not be made, or was lost.
        case connection
        /// The server refused a statement (see ``PostgresError/sqlState``).
        case statement
        /// A row has no column of the name asked for, or a value of another type in it.
        case column
    }

    /// What kind of failure this is.
    public let kind: Kind
    /// The server's five-character SQLSTATE (`23505` for a unique violation), when it sent one.
    public let sqlState: String?
    /// What went wrong and what to do.
    public let description: String

    static func connection(_ address: PostgresAddress, _ detail: String) -> PostgresError {
        PostgresError(
            kind: .connection, sqlState: nil,
            description: "cannot connect to PostgreSQL at \(address): \(address.scrub(detail)); check that the "
                + "server runs and that the address's host, port, user and database are right (give a password "
                + "in PGPASSWORD or ~/.pgpass rather than in the address)")
    }

    static func statement(_ address: PostgresAddress, sql: String, sqlState: String?, detail: String) -> PostgresError {
        let statement = sql.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let shown = statement.count > 120 ? statement.prefix(120) + "…" : Substring(statement)
        return PostgresError(
            kind: .statement, sqlState: sqlState,
            description: "PostgreSQL at \(address) refused `\(shown)`: \(address.scrub(detail))"
                + (sqlState.map { " (SQLSTATE \($0))" } ?? ""))
    }

    static func column(_ message: String) -> PostgresError {
        PostgresError(kind: .column, sqlState: nil, description: message)
    }
}
