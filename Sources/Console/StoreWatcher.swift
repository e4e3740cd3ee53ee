import CRMStore
import Foundation
import Synchronization

/// Rings a ``Doorbell`` when another process commits to the store, for a console that does not
/// run the listener itself (`--no-listen`, with `jivocrm serve` elsewhere). It polls SQLite's
/// `PRAGMA data_version` on its own connection twice a second.
public final class StoreWatcher: Sendable {
    private let stopped = Atomic<Bool>(false)

    /// Starts watching the store at `path` on a background thread.
    public init(path: String, doorbell: Doorbell) {
        Thread.detachNewThread { [self] in
            guard let store = try? Store(path: path) else { return }
            var last = try? store.database.scalar("PRAGMA data_version")
            while !self.stopped.load(ordering: .acquiring) {
                usleep(500_000)
                let version = try? store.database.scalar("PRAGMA data_version")
                if version != last {
                    last = version
                    doorbell.ring()
                }
            }
        }
    }

    /// Stops watching (the thread ends within half a second).
    public func stop() {
        stopped.store(true, ordering: .releasing)
    }
}
