import CRMStore
import Dispatch
import Foundation
import Locking

/// Who a listener is, for the store's heartbeat table: host and process, the address it
/// answers at, and when it started.
struct Heartbeat: Sendable {
    /// `host:pid`.
    var listener: String
    /// The webhook address without its token (`http://127.0.0.1:8080`).
    var address: String
    /// When the listener started, Unix milliseconds.
    var startedAt: Int64
}

/// Writes a listener's heartbeat through its ingest writer every ``interval`` seconds (so it
/// rides the writer's batches and takes no lock of its own), and forgets it on a clean stop.
final class HeartbeatTimer: Sendable {
    /// Seconds between beats; well inside ``ListenerHealth/aliveWithin``.
    static let interval = 5.0

    private let beat: Heartbeat
    private let writer: IngestWriter
    private let stopped = Locked(false)
    private let wakeup = DispatchSemaphore(value: 0)
    private let thread = Locked<JoinableThread?>(nil)

    /// A timer for `beat` through `writer`; nothing is written until ``start()``.
    init(_ beat: Heartbeat, writer: IngestWriter) {
        self.beat = beat
        self.writer = writer
    }

    /// Beats every ``interval`` seconds on a thread of its own (the listener wrote the first).
    func start() throws(ThreadStartError) {
        let started = try JoinableThread(name: "jivocrm-heartbeat") { [self] in
            while wakeup.wait(timeout: .now() + Self.interval) == .timedOut {
                writer.submit(.heartbeat(beat, alive: true))
            }
        }
        thread.withLock { $0 = started }
    }

    /// Stops beating, waits for the thread to end, and forgets the heartbeat (before the writer
    /// stops, so it is written).
    func stop() {
        guard
            !stopped.withLock({ flag in
                defer { flag = true }; return flag
            })
        else { return }
        wakeup.signal()
        thread.withLock { $0 }?.join()
        writer.submit(.heartbeat(beat, alive: false))
    }
}
