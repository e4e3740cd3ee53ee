import CSQLite
import Locking

/// Checkpoints taken off a writer's thread.
///
/// SQLite checkpoints a WAL-mode store inside the commit that takes the log past 1,000 pages:
/// that commit copies the log's pages into the database file and syncs both before it returns,
/// so every request of that batch waits for the disk. A writer that hands its checkpoints off
/// (``handOffCheckpoints(to:)``) only wakes another thread, which checkpoints passively on a
/// connection of its own (``checkpointPassively()``) while the writer goes on. SQLite's
/// locks let a checkpoint and a writer run at once, and a checkpoint is as safe as the
/// writer's own would have been: it syncs the log before it copies, and the database after.
extension Database {
    /// When a writer that hands off its checkpoints wakes the checkpointer, and when it
    /// checkpoints itself after all.
    public struct CheckpointHandOff: Sendable {
        /// Pages in the log after a commit from which the checkpointer is woken (SQLite's own
        /// checkpoint threshold).
        public var wakeAt: Int32
        /// Pages in the log after a commit from which the writer checkpoints itself, as SQLite
        /// would have: the log stops growing even when the checkpointer cannot keep up (a
        /// checkpoint cannot restart the log while the writer keeps appending to it).
        public var checkpointAt: Int32
        /// Wakes the checkpointer; called on the writer's thread, inside its commit.
        public var wake: @Sendable () -> Void
        /// Hears of a checkpoint the writer took itself that failed (not of one that found
        /// another process checkpointing); called on the writer's thread.
        public var failed: @Sendable (StoreError) -> Void
        /// Held by whoever checkpoints the log for this writer: the checkpointer around each of
        /// its checkpoints, and the writer around its own. SQLite runs one checkpoint at a time
        /// and refuses a passive one at once while another runs; the checkpointer, woken on
        /// nearly every commit under load, is nearly always at work, so without this turn the
        /// writer's own checkpoint was nearly always refused and the log grew on past
        /// `checkpointAt`. With it, the writer waits for the checkpoint under way to end.
        public let turn = Locked(())

        /// The pages from which the checkpointer is woken unless told otherwise: SQLite's own
        /// checkpoint threshold.
        public static let defaultWakeAt: Int32 = 1000
        /// The pages from which the writer checkpoints itself unless told otherwise.
        public static let defaultCheckpointAt: Int32 = 10_000

        /// A hand-off that calls `wake` from `wakeAt` pages and lets the writer checkpoint
        /// itself from `checkpointAt`, telling `failed` when that fails.
        public init(
            wakeAt: Int32 = defaultWakeAt, checkpointAt: Int32 = defaultCheckpointAt,
            wake: @escaping @Sendable () -> Void,
            failed: @escaping @Sendable (StoreError) -> Void = { _ in }
        ) {
            self.wakeAt = wakeAt
            self.checkpointAt = checkpointAt
            self.wake = wake
            self.failed = failed
        }
    }

    /// Leaves this connection's checkpoints to whoever `handOff` wakes, from the next commit
    /// on; on PostgreSQL there are none to leave.
    public func handOffCheckpoints(to handOff: CheckpointHandOff) {
        guard postgres == nil else { return }
        let box = CheckpointHandOffBox(handOff)
        checkpointHandOff = box
        sqlite3_wal_hook(
            handle,
            { context, connection, schema, pages in
                guard let context else { return SQLITE_OK }
                let handOff = Unmanaged<CheckpointHandOffBox>.fromOpaque(context).takeUnretainedValue().handOff
                if pages >= handOff.checkpointAt {
                    let code = handOff.turn.withLock { _ in
                        sqlite3_wal_checkpoint_v2(connection, schema, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
                    }
                    if code != SQLITE_OK && code & 0xFF != SQLITE_BUSY {
                        handOff.failed(
                            StoreError.sqlite(
                                code, connection, "checkpointing the write-ahead log past \(handOff.checkpointAt) pages"
                            ))
                    }
                } else if pages >= handOff.wakeAt {
                    handOff.wake()
                }
                return SQLITE_OK
            }, Unmanaged.passUnretained(box).toOpaque())
    }

    /// Copies what it can of the write-ahead log into the database file without waiting for
    /// any lock (SQLite's PASSIVE checkpoint); returns the pages in the log and how many of them
    /// are now in the database, both nil when another connection was checkpointing. Nothing to
    /// do on PostgreSQL. A checkpointer for a writer that hands its checkpoints off takes the
    /// hand-off's ``CheckpointHandOff/turn`` around it.
    @discardableResult
    public func checkpointPassively() throws(StoreError) -> (logged: Int32, copied: Int32)? {
        guard postgres == nil else { return nil }
        return try checkpoint(SQLITE_CHECKPOINT_PASSIVE, doing: "checkpointing")
    }

    /// Copies the whole write-ahead log into the database file, syncs it, and truncates the log
    /// to nothing (SQLite's TRUNCATE checkpoint), waiting as the busy timeout allows for other
    /// connections' reads and writes to end; returns false when one did not, or when another
    /// connection was checkpointing (SQLite does not wait for that), and the log stays for the
    /// next checkpoint. Nothing to do on PostgreSQL (true).
    public func emptyLog() throws(StoreError) -> Bool {
        guard postgres == nil else { return true }
        return try checkpoint(SQLITE_CHECKPOINT_TRUNCATE, doing: "emptying") != nil
    }

    /// Runs a checkpoint of SQLite's `mode` on this connection: the pages in the log and how
    /// many of them are now in the database, nil when SQLite answered busy (in any of its
    /// extended forms); any other failure is thrown as `doing` the log of this store.
    private func checkpoint(_ mode: Int32, doing: String) throws(StoreError) -> (logged: Int32, copied: Int32)? {
        var logged: Int32 = 0
        var copied: Int32 = 0
        let code = sqlite3_wal_checkpoint_v2(handle, nil, mode, &logged, &copied)
        if code & 0xFF == SQLITE_BUSY { return nil }
        guard code == SQLITE_OK else {
            throw StoreError.sqlite(code, handle, "\(doing) the write-ahead log of \(path)")
        }
        return (logged, copied)
    }
}

/// Keeps a ``Database/CheckpointHandOff`` at one address for SQLite's WAL hook.
final class CheckpointHandOffBox {
    /// The hand-off the hook consults.
    let handOff: Database.CheckpointHandOff

    init(_ handOff: Database.CheckpointHandOff) { self.handOff = handOff }
}
