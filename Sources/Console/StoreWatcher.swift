import CRMStore
import Foundation
import Locking

/// Rings a ``Doorbell`` when another connection commits to the store: another console, the CLI,
/// a separate `jivocrm serve` (on this host or, on PostgreSQL, another), or this console's own
/// listener. A background thread waits on a ``StoreChangeFeed`` of its own: on SQLite it reads
/// `PRAGMA data_version` every ``interval`` milliseconds (a cheap read of a counter); on
/// PostgreSQL it sleeps on its connection's socket until a commit's notification arrives, and
/// rings once more after a lost connection is made again. Every console shows any change
/// within a second.
public final class StoreWatcher: Sendable {
    private let stopped = Locked(false)
    private let thread: JoinableThread

    /// Starts watching the store at `address` on a background thread; while its connection
    /// cannot be made, it tries again every ``interval``.
    public init(address: StoreAddress, doorbell: Doorbell) throws(ThreadStartError) {
        let stopped = stopped
        thread = try JoinableThread(name: "jivocrm-watch") {
            var feed: StoreChangeFeed?
            while !stopped.withLock({ $0 }) {
                guard let current = feed ?? (try? StoreChangeFeed(address: address)) else {
                    usleep(UInt32(Self.interval) * 1000)
                    continue
                }
                feed = current
                if current.waitForChange(milliseconds: Self.interval) { doorbell.ring() }
            }
        }
    }

    /// Milliseconds between polls on SQLite, and the longest wait on PostgreSQL (so that
    /// ``stop()`` ends the thread within it).
    static let interval: Int32 = 250

    /// Stops watching and waits for the thread to end and close its connection (within an
    /// ``interval``).
    public func stop() {
        stopped.withLock { $0 = true }
        thread.join()
    }
}
