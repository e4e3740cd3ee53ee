import CSQLite
import Glibc
import Locking

/// A store's write-ahead log, for a writer that makes its commits durable on another thread.
///
/// The ingest writer commits with `synchronous=NORMAL` (``Database/deferDurability()``): SQLite
/// appends the transaction to the WAL and returns without waiting for the disk. Whoever answers
/// for those commits calls ``sync()`` first: one `fdatasync` of the WAL makes every transaction
/// appended before it durable, as `synchronous=FULL` would have at each commit, while the
/// writer goes on with the next batch instead of waiting. Checkpoints still sync the WAL and
/// the database themselves, so nothing acknowledged can be lost when the log restarts.
///
/// The log is opened read-only by path and never holds locks (SQLite locks the database and
/// shared-memory files, not the WAL), so opening or closing it cannot disturb a connection.
/// When the file at the path is no longer the one open (replaced by another process), it is
/// opened again before syncing.
public final class WriteAheadLog: Sendable {
    /// The WAL's path.
    public let path: String
    private let descriptor = Locked<Int32>(-1)

    /// The log of `database` (which must be in WAL mode). On PostgreSQL there is none of ours:
    /// a commit is durable when it returns, and ``sync()`` has nothing to do.
    public init(of database: Database) {
        path =
            database.isPostgres
            ? "" : String(cString: sqlite3_filename_wal(sqlite3_db_filename(database.handle, "main")))
    }

    deinit {
        descriptor.withLock { if $0 >= 0 { close($0) } }
    }

    /// Makes everything written to the log so far durable.
    public func sync() throws(StoreError) {
        if path.isEmpty { return }
        let result = descriptor.withLock { descriptor -> String? in
            var open = stat()
            var named = stat()
            let current =
                descriptor >= 0 && fstat(descriptor, &open) == 0 && stat(path, &named) == 0
                && open.st_ino == named.st_ino && open.st_dev == named.st_dev
            if !current {
                if descriptor >= 0 { close(descriptor) }
                descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
                guard descriptor >= 0 else { return "cannot open it: \(String(cString: strerror(errno)))" }
            }
            return fdatasync(descriptor) == 0 ? nil : String(cString: strerror(errno))
        }
        if let result {
            throw StoreError(
                kind: .full,
                message: "syncing the write-ahead log \(path) failed (\(result)); check the disk")
        }
    }
}
