/// What a backup file holds.
public struct BackupSummary: Sendable, Equatable {
    /// Its schema version.
    public var schemaVersion: Int64
    /// Leads in it (merged ones included).
    public var leads: Int64
    /// Raw events in it.
    public var events: Int64
    /// The newest event's arrival, Unix milliseconds.
    public var lastEventAt: Int64?
}

extension Store {
    /// Writes a consistent copy of the store to `path` (mode 0600) while other connections
    /// keep reading and writing: SQLite's online backup copies one snapshot, and the file
    /// appears under its name only when complete. The copy is a single file (rollback
    /// journal, not WAL).
    @discardableResult
    public func backup(to path: String) throws -> BackupSummary { try SQLiteBackup.write(database, to: path) }

    /// Checks that `path` is a sound jivocrm store this version can use (integrity check
    /// passes, schema version not newer than ours, our tables present) and tells what it holds.
    public static func inspectBackup(_ path: String) throws -> BackupSummary { try SQLiteBackup.inspect(path) }

    /// Replaces the store's content with the backup at `path`, after the checks of
    /// ``inspectBackup(_:)`` pass: through SQLite's backup API into this connection, so the
    /// change is atomic and other connections (a running listener or console) see the restored
    /// store on their next transaction. Events they stored after the backup was made are gone
    /// from the store, so take a backup of the current store first. Brings an older schema up
    /// to date.
    @discardableResult
    public func restore(from path: String) throws -> BackupSummary { try SQLiteBackup.restore(database, from: path) }
}
