import CRMCore
import CRMStore
import Dispatch
import Foundation
import HTTPServer
import JivoProtocol
import Locking

/// The one thread that writes webhooks to the store, committing concurrent requests together.
///
/// Requests queue up while a commit is in flight; the next transaction takes all of them (up
/// to ``maxBatch``), each event in its own savepoint so a bad one fails alone, and the replies
/// go out only after the commit that holds them returned (`synchronous=FULL`: durable). This is
/// group commit: one fsync serves many requests, and no request is answered before its data is
/// on disk.
final class IngestWriter: Sendable {
    /// A unit of work for the writer.
    enum Job: Sendable {
        /// A webhook body (decoded and hashed by the thread that read it) to keep and apply.
        case event(IncomingEvent, receivedAt: Int64, reply: @Sendable (IngestOutcome) -> Void)
        /// A write probe for the health check.
        case probe(reply: @Sendable (Bool) -> Void)
    }

    /// What became of one body.
    enum IngestOutcome: Sendable {
        /// Committed (applied, duplicate, quarantined or failed), with the answer to send.
        case committed(IngestResult)
        /// Not committed: the store refused writes for now.
        case unavailable(StoreError)
    }

    /// The most requests one transaction takes.
    static let maxBatch = 256

    private let jobs = Locked<[Job]>([])
    private let wakeup = DispatchSemaphore(value: 0)
    private let stopped = Locked(false)
    private let finished = DispatchSemaphore(value: 0)
    private let storePath: String
    private let settings: CRMSettings
    private let busyTimeout: Int32
    private let onCommit: @Sendable ([IngestResult]) -> Void
    private let onError: @Sendable (StoreError) -> Void

    /// A writer for the store at `storePath`; `onCommit` hears of every committed batch and
    /// `onError` of every batch the store refused.
    init(
        storePath: String, settings: CRMSettings, busyTimeout: Int32,
        onCommit: @escaping @Sendable ([IngestResult]) -> Void,
        onError: @escaping @Sendable (StoreError) -> Void
    ) {
        self.storePath = storePath
        self.settings = settings
        self.busyTimeout = busyTimeout
        self.onCommit = onCommit
        self.onError = onError
    }

    /// Opens the writer's own connection (so that open errors surface here) and starts the
    /// thread.
    func start() throws {
        let store = try Store(path: storePath, settings: settings, busyTimeout: busyTimeout)
        let box = StoreBox(store)
        let thread = Thread { [self] in
            run(box.take())
            finished.signal()
        }
        thread.name = "jivocrm-writer"
        thread.start()
    }

    /// Queues a job.
    func submit(_ job: Job) {
        jobs.withLock { $0.append(job) }
        wakeup.signal()
    }

    /// Finishes every queued job, then stops the thread and waits for it.
    func stop() {
        stopped.withLock { $0 = true }
        wakeup.signal()
        finished.wait()
    }

    private func run(_ store: Store) {
        while true {
            wakeup.wait()
            while true {
                let batch = jobs.withLock { queue -> [Job] in
                    let taken = Array(queue.prefix(Self.maxBatch))
                    queue.removeFirst(taken.count)
                    return taken
                }
                if batch.isEmpty { break }
                process(batch, store: store)
            }
            if stopped.withLock({ $0 }) && jobs.withLock({ $0.isEmpty }) { return }
        }
    }

    private func process(_ batch: [Job], store: Store) {
        var results: [IngestResult] = []
        var answers: [@Sendable () -> Void] = []
        do {
            try store.database.write {
                for job in batch {
                    switch job {
                    case .event(let incoming, let receivedAt, let reply):
                        let result = try store.ingest(incoming, receivedAt: receivedAt)
                        results.append(result)
                        answers.append { reply(.committed(result)) }
                    case .probe(let reply):
                        try store.setSetting("heartbeat", String(store.clock()))
                        answers.append { reply(true) }
                    }
                }
            }
        } catch {
            let storeError =
                error as? StoreError
                ?? StoreError(kind: .other, message: "writing the batch failed: \(error)")
            onError(storeError)
            for job in batch {
                switch job {
                case .event(_, _, let reply): reply(.unavailable(storeError))
                case .probe(let reply): reply(false)
                }
            }
            return
        }
        if !results.isEmpty { onCommit(results) }
        for answer in answers { answer() }
    }
}

/// Hands a thread-confined store to the thread that will own it.
private final class StoreBox: @unchecked Sendable {
    // Safety: written once before the thread starts and read once by that thread.
    private var store: Store?

    init(_ store: Store) { self.store = store }

    func take() -> Store {
        defer { store = nil }
        return store!
    }
}
