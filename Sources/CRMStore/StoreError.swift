import CSQLite

/// A store operation that failed, with a message that says what happened and what to do.
///
/// Messages never carry bound values (they may be personal data), only what the statement was
/// for and SQLite's reason.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The broad reason, so callers can answer 503 for what may pass and 500 for what won't.
    public enum Kind: Sendable, Equatable {
        /// Another connection holds the write lock longer than the busy timeout.
        case busy
        /// The disk (or the filesystem's quota) is full.
        case full
        /// The store or its directory is read-only.
        case readOnly
        /// The file is not a database or is damaged.
        case corrupt
        /// The file could not be opened or created.
        case cannotOpen
        /// A constraint (uniqueness, foreign key) refused the change.
        case constraint
        /// The store was written by a newer jivocrm.
        case tooNew
        /// Anything else SQLite reported.
        case other
    }

    /// The broad reason.
    public let kind: Kind
    /// SQLite's extended result code (0 when the error is ours).
    public let code: Int32
    /// What happened and what to do.
    public let message: String

    /// An error of `kind`.
    public init(kind: Kind, code: Int32 = 0, message: String) {
        self.kind = kind
        self.code = code
        self.message = message
    }

    /// Whether retrying later may succeed (busy, full, read-only).
    public var isTransient: Bool { kind == .busy || kind == .full || kind == .readOnly }

    /// The message.
    public var description: String { message }

    /// The error for SQLite result `code` while doing `context` on `db`.
    static func sqlite(_ code: Int32, _ db: OpaquePointer?, _ context: String) -> StoreError {
        let reason =
            db.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            ?? String(cString: sqlite3_errstr(code))
        let kind: Kind
        let advice: String
        switch code & 0xFF {
        case SQLITE_BUSY, SQLITE_LOCKED:
            kind = .busy
            advice = "another process holds the store's write lock; try again when it is done"
        case SQLITE_FULL:
            kind = .full
            advice = "free disk space; jivocrm resumes by itself"
        case SQLITE_READONLY:
            kind = .readOnly
            advice = "make the store and its directory writable by this user"
        case SQLITE_CORRUPT, SQLITE_NOTADB:
            kind = .corrupt
            advice = "restore the store from a backup"
        case SQLITE_CANTOPEN, SQLITE_PERM, SQLITE_AUTH:
            kind = .cannotOpen
            advice = "check that the path exists and is readable and writable by this user"
        case SQLITE_CONSTRAINT:
            kind = .constraint
            advice = "the change conflicts with data already in the store"
        case SQLITE_IOERR:
            kind = .full
            advice = "check the disk: it may be full or failing"
        default:
            kind = .other
            advice = "this is likely a bug in jivocrm; please report it with the store's schema version"
        }
        return StoreError(kind: kind, code: code, message: "\(context): \(reason) (\(advice))")
    }
}
