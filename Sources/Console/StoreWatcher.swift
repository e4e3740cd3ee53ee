import CRMStore
import Foundation
import Synchronization

/// Rings a ``Doorbell`` when another connection commits to the store: another console, the CLI,
/// a separate `jivocrm serve`, or this console's own listener. It polls SQLite's
/// `PRAGMA data_version` on its own connection every ``interval`` microseconds (a cheap read
/// of a counter), so every console shows any change within a second.
public final class StoreWatcher: Sendable {
    private let stopped = Atomic<Bool>(false)

    /// Starts watching the store at `path` on a background thread.
    public init(path: String, doorbell: Doorbell) {
        Thread.detachNewThread { [self] in
            guard let store = try? Store(path: path) else { return }
            var last = try? store.database.scalar("PRAGMA data_version")
            while !self.stopped.load(ordering: .acquiring) {
                usleep(Self.interval)
                let version = try? store.database.scalar("PRAGMA data_version")
                if version != last {
                    last = version
                    doorbell.ring()
                }
            }
        }
    }

    /// Microseconds between polls.
    static let interval: UInt32 = 250_000

    /// Stops watching (the thread ends within a poll).
    public func stop() {
        stopped.store(true, ordering: .releasing)
    }
}
