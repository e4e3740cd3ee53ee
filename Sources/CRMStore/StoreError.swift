import CSQLite

/// A store operation that failed: what happened, and for SQLite's own failures what to do
/// about the store itself (free disk space, make it writable, restore a backup).
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

    private enum Reason: Sendable, Equatable {
        /// SQLite failed with extended result `code` while doing `context`, saying `text`.
        case sqlite(code: Int32, context: String, text: String)
        /// The store refused on its own.
        case store(Kind, String)
    }

    private let reason: Reason

    private init(_ reason: Reason) { self.reason = reason }

    /// An error of `kind` the store raises itself, saying `message`.
    public init(kind: Kind, message: String) {
        reason = .store(kind, message)
    }

    /// The same error, said to have happened while doing `context` (for SQLite's failures; a
    /// store's own message stays as it is).
    func during(_ context: String) -> StoreError {
        guard case .sqlite(let code, _, let text) = reason else { return self }
        return StoreError(.sqlite(code: code, context: context, text: text))
    }

    /// The broad reason.
    public var kind: Kind {
        switch reason {
        case .sqlite(let code, _, _): Self.kind(of: code)
        case .store(let kind, _): kind
        }
    }

    /// SQLite's extended result code (0 when the error is the store's own).
    public var code: Int32 {
        switch reason {
        case .sqlite(let code, _, _): code
        case .store: 0
        }
    }

    /// Whether retrying later may succeed (busy, full, read-only).
    public var isTransient: Bool { kind == .busy || kind == .full || kind == .readOnly }

    /// What happened, and for a failure SQLite reported what to do about the store.
    public var message: String {
        switch reason {
        case .sqlite(let code, let context, let text): "\(context): \(text) (\(Self.advice(code)))"
        case .store(_, let message): message
        }
    }

    /// The message.
    public var description: String { message }

    /// What to do about the store after SQLite failed with `code`.
    private static func advice(_ code: Int32) -> String {
        switch kind(of: code) {
        case .busy: "another process holds the store's write lock; try again when it is done"
        case .full where code & 0xFF == SQLITE_IOERR: "check the disk: it may be full or failing"
        case .full: "free disk space; jivocrm resumes by itself"
        case .readOnly: "make the store and its directory writable by this user"
        case .corrupt:
            "the file is damaged or no store: `jivocrm restore FILE` puts a backup in its place, keeping it aside"
        case .cannotOpen: "check that the path exists and is readable and writable by this user"
        case .constraint: "the change conflicts with data already in the store"
        case .tooNew, .other:
            "this is likely a bug in jivocrm; please report it with the store's schema version"
        }
    }

    private static func kind(of code: Int32) -> Kind {
        switch code & 0xFF {
        case SQLITE_BUSY, SQLITE_LOCKED: .busy
        case SQLITE_FULL, SQLITE_IOERR: .full
        case SQLITE_READONLY: .readOnly
        case SQLITE_CORRUPT, SQLITE_NOTADB: .corrupt
        case SQLITE_CANTOPEN, SQLITE_PERM, SQLITE_AUTH: .cannotOpen
        case SQLITE_CONSTRAINT: .constraint
        default: .other
        }
    }

    /// The error for SQLite result `code` while doing `context` on `db`.
    static func sqlite(_ code: Int32, _ db: OpaquePointer?, _ context: String) -> StoreError {
        let text =
            db.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            ?? String(cString: sqlite3_errstr(code))
        return StoreError(.sqlite(code: code, context: context, text: text))
    }
}
