/// A failure talking to PostgreSQL, with a message that says what went wrong and what to do.
/// Messages name the server by its redacted address and never contain a password.
public struct PostgresError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Kind: Sendable, Equatable {
        /// The connection could not be made, or was lost.
        case connection
        /// The server refused a statement (see ``PostgresError/sqlState``).
        case statement
        /// A row has no column of the name asked for, or a value of another type in it.
        case column
    }

    private enum Reason: Sendable, Equatable {
        case connection(String)
        case statement(sqlState: String?, String)
        case column(String)
    }

    private let reason: Reason

    private init(_ reason: Reason) { self.reason = reason }

    /// What kind of failure this is.
    public var kind: Kind {
        switch reason {
        case .connection: .connection
        case .statement: .statement
        case .column: .column
        }
    }

    /// The server's five-character SQLSTATE (`23505` for a unique violation), when it sent one.
    public var sqlState: String? {
        guard case .statement(let sqlState, _) = reason else { return nil }
        return sqlState
    }

    /// What went wrong and what to do.
    public var description: String {
        switch reason {
        case .connection(let message), .statement(_, let message), .column(let message): message
        }
    }

    static func connection(_ address: PostgresAddress, _ detail: String) -> PostgresError {
        PostgresError(
            .connection(
                "cannot connect to PostgreSQL at \(address): \(address.scrub(detail)); check that the "
                    + "server runs and that the address's host, port, user and database are right (give a password "
                    + "in PGPASSWORD or ~/.pgpass rather than in the address)"))
    }

    static func statement(_ address: PostgresAddress, sql: String, sqlState: String?, detail: String) -> PostgresError {
        let statement = sql.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let shown = statement.count > 120 ? statement.prefix(120) + "…" : Substring(statement)
        return PostgresError(
            .statement(
                sqlState: sqlState,
                "PostgreSQL at \(address) refused `\(shown)`: \(address.scrub(detail))"
                    + (sqlState.map { " (SQLSTATE \($0))" } ?? "")))
    }

    static func column(_ message: String) -> PostgresError {
        PostgresError(.column(message))
    }
}
