import Glibc
import PostgresClient

/// Tells, on its own connection, when another connection has committed a change to the store:
/// another console, the CLI, a listener in this process or on another host. On SQLite it reads
/// `PRAGMA data_version` (a counter of other connections' commits) after each wait; on
/// PostgreSQL it `LISTEN`s on ``PostgresSchema/changeChannel``, which every committed write
/// notifies, and sleeps on the connection's socket, so a change shows as soon as it commits.
/// Confined to the thread that made it, as a connection is.
public final class StoreChangeFeed {
    /// The SQLite connection whose `data_version` is read; nil on PostgreSQL.
    private let database: Database?
    /// The `data_version` last read.
    private var lastVersion: Int64?
    /// The PostgreSQL connection that listens; nil on SQLite.
    private let connection: PostgresConnection?
    /// Whether the last wait on PostgreSQL reported a change: the next one first sleeps its
    /// time, so that a stream of commits wakes a console at most once a wait, as SQLite's
    /// polling does, instead of once a commit.
    private var reportedLastWait = false

    /// Opens its own connection to the store at `address` (which must exist) and starts
    /// watching from now.
    public init(address: StoreAddress) throws {
        switch address {
        case .sqlite(let path):
            let database = try Database(path: path, create: false)
            self.database = database
            lastVersion = try database.scalar("PRAGMA data_version")
            connection = nil
        case .postgres(let address):
            database = nil
            do {
                let connection = try PostgresConnection(address)
                try connection.listen(PostgresSchema.changeChannel)
                self.connection = connection
            } catch {
                throw StoreError(kind: .cannotOpen, message: error.description)
            }
        }
    }

    /// Waits up to `milliseconds` (on SQLite, and on PostgreSQL right after a change, that long)
    /// and says whether another connection committed a change meanwhile. After the PostgreSQL
    /// connection was lost, it connects again and says yes once it has (anything may have
    /// changed while it was away); while the server stays away it says no after each wait.
    public func waitForChange(milliseconds: Int32) -> Bool {
        if let database {
            usleep(UInt32(milliseconds) * 1000)
            let version = try? database.scalar("PRAGMA data_version")
            guard version != lastVersion else { return false }
            lastVersion = version
            return true
        }
        guard let connection else { return false }
        do {
            if reportedLastWait { usleep(UInt32(milliseconds) * 1000) }
            let received =
                try reportedLastWait
                ? connection.notifications() : connection.notifications(waitingAtMost: milliseconds)
            reportedLastWait = !received.isEmpty
            return reportedLastWait
        } catch {
            reportedLastWait = false
            do {
                try connection.reconnect()
                try connection.listen(PostgresSchema.changeChannel)
                return true
            } catch {
                usleep(UInt32(milliseconds) * 1000)
                return false
            }
        }
    }
}
