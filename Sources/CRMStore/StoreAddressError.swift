import PostgresClient

/// Why a text given as a store's address (`--db`, `JIVOCRM_DB`, the configuration's `db`,
/// `--to`, `--into`) was refused: taken as a SQLite path, it would quietly make a new, private
/// store where the operator meant an existing one, a team's PostgreSQL database most likely.
///
/// Its message names the value (any password it seems to carry replaced by `***`) and the forms
/// an address takes.
public struct StoreAddressError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with the value.
    public enum Problem: Sendable, Equatable {
        /// It is empty.
        case empty
        /// It begins or ends with white space.
        case whiteSpace
        /// It looks like a URL but is not a `postgresql://` or `postgres://` one.
        case notPostgresURL
    }

    /// The value as messages show it: any password it seems to carry replaced by `***`.
    public let shown: String
    /// What is wrong with it.
    public let problem: Problem

    /// The error for `text`, which has `problem`.
    init(_ text: String, _ problem: Problem) {
        shown = PostgresAddress.hidingPassword(in: text)
        self.problem = problem
    }

    /// The forms a store's address takes.
    private static let forms = "a SQLite file's path or a postgresql://… or postgres://… URL"

    /// `'VALUE' …`: what is wrong with the value and what to give instead.
    public var description: String {
        switch problem {
        case .empty:
            "'' names no store; give \(Self.forms)"
        case .whiteSpace:
            "'\(shown)' has white space around it; give \(Self.forms), with nothing before or after it"
        case .notPostgresURL:
            "'\(shown)' looks like a URL but is not a PostgreSQL one; give \(Self.forms) "
                + "(for a file whose name begins so, write ./\(shown))"
        }
    }
}
