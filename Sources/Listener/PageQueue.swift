import Dispatch
import Locking

/// The serial queue lead pages or metrics are rendered on, off the event loop, which a stop
/// closes: a page asked for before the stop and not yet begun is dropped (its connection is
/// closed by then), and ``close()`` returns only once the page being rendered is done with the
/// store. Without that, a page could still hold its connection on a worker thread while the
/// process ran its exit handlers.
final class PageQueue: Sendable {
    private let queue: DispatchQueue
    private let closed = Locked(false)

    /// A queue whose thread is named `label`.
    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    /// Runs `render` on the queue after those queued before it, unless the queue is closed by
    /// then.
    func async(_ render: @escaping @Sendable () -> Void) {
        queue.async { [closed] in
            if !closed.withLock({ $0 }) { render() }
        }
    }

    /// Renders nothing more and waits until what was queued has ended and let go of its work
    /// (a serial queue ends and releases each item before it starts the next, so an empty one
    /// queued last runs after that).
    func close() {
        closed.withLock { $0 = true }
        queue.sync {}
    }
}
