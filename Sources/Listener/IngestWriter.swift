import CRMCore
import CRMStore
import Dispatch
import Foundation
import HTTPServer
import JivoProtocol
import Locking

/// The one thread that writes webhooks to the store, committing concurrent requests together,
/// and the thread that makes those commits durable before anyone is answered.
///
/// Requests queue up while a batch is being written; the next transaction takes all of them (up
/// to ``maxBatch``); an event whose effects fail is written again with the batch, each event
/// then in its own savepoint, so that it fails alone (savepoints cost every event a copy of
/// the pages it changes, so only a batch that needs them has them). The writer
/// commits with `synchronous=NORMAL` and hands the batch to the syncer, which `fdatasync`s the
/// write-ahead log and only then answers every request of every batch committed before that
/// sync. This is group commit with the sync taken off the writer: no request is answered before
/// its data is on disk, one sync serves many requests, and the writer builds the next batch
/// while the disk works. A third thread checkpoints the log on a connection of its own, so that
/// no batch waits while the log is copied into the database file (see
/// ``Database/handOffCheckpoints(to:)``).
///
/// A batch the store refuses (another process holds the SQLite write lock past the busy
/// timeout, PostgreSQL is down) goes to the ``WebhookSpool`` when there is one: kept on disk,
/// answered as spooled, and applied by the writer before anything that came after it, as soon
/// as the store takes writes again (tried each second meanwhile, and at the next start).
final class IngestWriter: Sendable {
    /// A unit of work for the writer.
    enum Job: Sendable {
        /// A webhook body (decoded, hashed and timed by the thread that read it) to keep and apply.
        case event(IncomingEvent, reply: @Sendable (IngestOutcome) -> Void)
        /// A write probe for the health check.
        case probe(reply: @Sendable (Bool) -> Void)
        /// The listener's heartbeat (`alive` false: it stops and forgets it).
        case heartbeat(Heartbeat, alive: Bool)
    }

    /// What became of one body.
    enum IngestOutcome: Sendable {
        /// Committed and on disk (applied, duplicate, quarantined or failed), with the answer.
        case committed(IngestResult)
        /// Not known to be on disk: the store refused writes for now, or syncing failed.
        case unavailable(StoreError)
        /// Kept in the spool, on disk, to be applied once the store takes writes (it refused
        /// them with this error).
        case spooled(StoreError)
    }

    /// A committed batch waiting for the sync that makes it durable.
    private struct Committed: Sendable {
        /// The batch's events.
        var results: [IngestResult]
        /// One per job: answers it, with the sync's error if there was one.
        var answers: [@Sendable (StoreError?) -> Void]
    }

    /// The threads ``start(publicURL:)`` started, for ``stop()`` to wait for.
    private struct Threads: Sendable {
        var writer: JoinableThread?
        var syncer: JoinableThread?
        /// None on PostgreSQL.
        var checkpointer: JoinableThread?
    }

    /// The most requests one transaction takes.
    static let maxBatch = 256

    private let jobs = Locked<[Job]>([])
    private let wakeup = DispatchSemaphore(value: 0)
    private let stopped = Locked(false)
    private let committed = Locked<[Committed]>([])
    private let syncWakeup = DispatchSemaphore(value: 0)
    private let writerDone = Locked(false)
    private let checkpointWakeup = DispatchSemaphore(value: 0)
    private let checkpointerStopped = Locked(false)
    private let threads = Locked(Threads())
    private let checkpointPages: (wakeAt: Int32, checkpointAt: Int32)
    private let storePath: String
    private let settings: CRMSettings
    private let busyTimeout: Int32
    private let syncLog: @Sendable (WriteAheadLog) throws(StoreError) -> Void
    private let onCommit: @Sendable ([IngestResult]) -> Void
    private let onError: @Sendable (StoreError) -> Void
    private let onCheckpointFailure: @Sendable (StoreError) -> Void
    private let spoolPath: String?
    private let onSpool: @Sendable (String) -> Void
    /// How long the writer waits, with bodies in the spool, before trying them again; and how
    /// often, idle, it looks for bodies another process left there.
    static let spoolRetry = DispatchTimeInterval.seconds(1)

    /// A writer for the store at `storePath`; `onCommit` hears of every batch on disk and
    /// `onError` of every batch the store refused or the disk did not confirm. `syncLog` makes
    /// the log durable (tests observe it). The checkpointer is woken once a commit leaves
    /// `checkpointPages.wakeAt` pages in the log, and the writer checkpoints itself from
    /// `checkpointPages.checkpointAt`; `onCheckpointFailure` hears of a checkpoint that failed
    /// (the checkpointer's once until one succeeds again; each of the writer's own; the one
    /// that empties the log at ``stop()``). With a `spoolPath`, bodies the store refuses go to
    /// the spool there; `onSpool` hears what the spool did (kept, applied, failed).
    init(
        storePath: String, settings: CRMSettings, busyTimeout: Int32,
        syncLog: @escaping @Sendable (WriteAheadLog) throws(StoreError) -> Void = { log throws(StoreError) in
            try log.sync()
        },
        checkpointPages: (wakeAt: Int32, checkpointAt: Int32) = (
            Database.CheckpointHandOff.defaultWakeAt, Database.CheckpointHandOff.defaultCheckpointAt
        ),
        onCommit: @escaping @Sendable ([IngestResult]) -> Void,
        onError: @escaping @Sendable (StoreError) -> Void,
        onCheckpointFailure: @escaping @Sendable (StoreError) -> Void = { _ in },
        spoolPath: String? = nil, onSpool: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.spoolPath = spoolPath
        self.onSpool = onSpool
        self.storePath = storePath
        self.settings = settings
        self.busyTimeout = busyTimeout
        self.syncLog = syncLog
        self.checkpointPages = checkpointPages
        self.onCommit = onCommit
        self.onError = onError
        self.onCheckpointFailure = onCheckpointFailure
    }

    /// Opens the writer's own connection and the checkpointer's (so that open errors surface
    /// here) and starts the writer, syncer and checkpointer threads (no checkpointer on
    /// PostgreSQL); replies link lead pages under `publicURL`.
    func start(publicURL: String = "") throws {
        var settings = settings
        if !publicURL.isEmpty { settings.publicURL = publicURL }
        let store = try Store(path: storePath, settings: settings, busyTimeout: busyTimeout)
        if store.database.openedReadOnly {
            throw StoreError(
                kind: .readOnly,
                message:
                    "the store \(storePath) opened read-only: this user may not write the file or its folder, so no "
                    + "webhook could be kept in it; give this user write permission (chmod u+w, or the service's "
                    + "user) and start again")
        }
        try store.database.deferDurability()
        let log = WriteAheadLog(of: store.database)
        if !store.database.isPostgres {
            let connection = ThreadBox(
                try Database(path: store.database.path, create: false, busyTimeout: busyTimeout))
            let handOff = Database.CheckpointHandOff(
                wakeAt: checkpointPages.wakeAt, checkpointAt: checkpointPages.checkpointAt,
                wake: { [checkpointWakeup] in checkpointWakeup.signal() }, failed: onCheckpointFailure)
            store.database.handOffCheckpoints(to: handOff)
            let checkpointer = try JoinableThread(name: "jivocrm-checkpoint") { [self] in
                runCheckpointer(connection.take(), turn: handOff.turn)
            }
            threads.withLock { $0.checkpointer = checkpointer }
        }
        let box = ThreadBox(store)
        do {
            let syncer = try JoinableThread(name: "jivocrm-sync") { [self] in runSyncer(log) }
            threads.withLock { $0.syncer = syncer }
            let writer = try JoinableThread(name: "jivocrm-writer") { [self] in
                run(box.take(), log: log)
                writerDone.withLock { $0 = true }
                syncWakeup.signal()
            }
            threads.withLock { $0.writer = writer }
        } catch {
            // Nothing was queued: the threads that did start end as at a stop.
            writerDone.withLock { $0 = true }
            syncWakeup.signal()
            stop()
            throw error
        }
    }

    /// Jobs waiting for the writer.
    var queueDepth: Int { jobs.withLock { $0.count } }

    /// Queues a job.
    func submit(_ job: Job) {
        jobs.withLock { $0.append(job) }
        wakeup.signal()
    }

    /// Finishes every queued job (written, synced and answered), then stops the threads and
    /// waits for them; on SQLite the checkpointer's last act leaves the write-ahead log empty
    /// (``emptyLog(_:)``).
    func stop() {
        stopped.withLock { $0 = true }
        wakeup.signal()
        let threads = threads.withLock { threads in
            defer { threads = Threads() }
            return threads
        }
        threads.writer?.join()
        threads.syncer?.join()
        checkpointerStopped.withLock { $0 = true }
        checkpointWakeup.signal()
        threads.checkpointer?.join()
    }

    /// Copies the write-ahead log into the database file and empties it, on the checkpointer's
    /// connection once the writer is done, as SQLite does when a store's last connection
    /// closes: the process that stops may keep other connections open to its end (`serve`'s
    /// own store, the console's), so that close never comes, and the log (up to about 40 MB
    /// under load) would stay for the next start to read. Another process's connection may
    /// keep it from emptying (reading or writing past the busy timeout, or checkpointing);
    /// `onCheckpointFailure` hears of that. (The listener's own lead and metrics pages are done
    /// before its writer stops.)
    private func emptyLog(_ database: Database) {
        do {
            if try !database.emptyLog() {
                onCheckpointFailure(
                    StoreError(
                        kind: .busy,
                        message: "the write-ahead log of \(storePath) was not emptied at the stop: another "
                            + "connection held the store past the busy timeout, or was checkpointing it; nothing is "
                            + "lost, and the next checkpoint copies the log"))
            }
        } catch {
            onCheckpointFailure(error)
        }
    }

    private func run(_ store: Store, log: WriteAheadLog) {
        let spool = spoolPath.map { WebhookSpool(path: $0) }
        // Bodies wait in the spool (this process's, or another's on the same store).
        var spooled = spool?.holdsBodies ?? false
        // No drain is tried before this time, once one failed (each batch meanwhile waits behind
        // the spool without waiting for the store).
        var nextDrain = DispatchTime.now()
        // Why the last drain failed: a drain retried each second reports a failure once.
        var drainFailure: String?
        // The kind of the store's last refusal, said of the webhooks that wait behind it.
        var refusal = StoreError.Kind.busy
        if spooled, let spool {
            onSpool("webhooks an earlier run kept in the spool \(spool.path) are applied before any new one")
        }
        while true {
            if spooled {
                _ = wakeup.wait(timeout: nextDrain)
            } else if spool != nil {
                // Each second, to find what another process left in the spool.
                _ = wakeup.wait(timeout: .now() + Self.spoolRetry)
            } else {
                wakeup.wait()
            }
            while true {
                if let spool, !spooled { spooled = spool.holdsBodies }
                if spooled, let spool, DispatchTime.now() >= nextDrain {
                    spooled = !drain(spool, store: store, log: log, lastFailure: &drainFailure, refusal: &refusal)
                    if spooled { nextDrain = .now() + Self.spoolRetry }
                }
                let batch = jobs.withLock { queue -> [Job] in
                    let taken = Array(queue.prefix(Self.maxBatch))
                    queue.removeFirst(taken.count)
                    return taken
                }
                if batch.isEmpty { break }
                if spooled, let spool {
                    // Bodies that came after spooled ones wait behind them.
                    let behind = StoreError(
                        kind: refusal, message: "earlier webhooks wait in the spool for the store to take writes")
                    if !keep(batch, in: spool, refusedWith: behind) { answer(batch, .unavailable(behind)) }
                } else {
                    if let refused = process(batch, store: store, spool: spool) {
                        spooled = true
                        refusal = refused.kind
                        nextDrain = .now() + Self.spoolRetry
                        // Reported once: a drain the store refuses alike says nothing more.
                        drainFailure = WebhookSpoolError.store(refused).description
                    }
                }
            }
            if stopped.withLock({ $0 }) && jobs.withLock({ $0.isEmpty }) {
                if spooled, let spool, DispatchTime.now() < nextDrain {
                    spooled = !drain(spool, store: store, log: log, lastFailure: &drainFailure, refusal: &refusal)
                }
                if spooled, let spool {
                    onSpool(
                        "webhooks wait in the spool \(spool.path): the next serve or console on this store applies them"
                    )
                }
                return
            }
        }
    }

    /// Writes `batch` and hands it to the syncer; when the store refuses it, keeps its bodies in
    /// `spool` (answered as spooled), or answers them unavailable. Returns the store's refusal
    /// when it spooled.
    private func process(_ batch: [Job], store: Store, spool: WebhookSpool?) -> StoreError? {
        let written: Committed
        do {
            written = try write(batch, store: store)
        } catch {
            let storeError = Self.storeError(error, context: "writing the batch failed: ")
            let hasEvents = batch.contains { if case .event = $0 { true } else { false } }
            if let spool, hasEvents, storeError.isTransient, keep(batch, in: spool, refusedWith: storeError) {
                onError(Self.spooling(storeError))
                return storeError
            }
            onError(storeError)
            answer(batch, .unavailable(storeError))
            return nil
        }
        committed.withLock { $0.append(written) }
        syncWakeup.signal()
        return nil
    }

    /// Writes `batch` in one transaction, each event in a savepoint of its own only if one
    /// fails without them (``write(_:store:isolated:)``).
    private func write(_ batch: [Job], store: Store) throws -> Committed {
        do {
            return try write(batch, store: store, isolated: false)
        } catch is IngestRetry {
            return try write(batch, store: store, isolated: true)
        }
    }

    /// Keeps the bodies of `batch` in `spool` and answers them as spooled (the store refused
    /// them with `error`); returns false, having answered nothing, if the spool cannot keep them.
    private func keep(_ batch: [Job], in spool: WebhookSpool, refusedWith error: StoreError) -> Bool {
        let events = batch.compactMap { job -> IncomingEvent? in
            if case .event(let incoming, _) = job { incoming } else { nil }
        }
        if !events.isEmpty {
            do {
                try spool.append(events)
            } catch {
                onSpool("\(error)")
                return false
            }
            onSpool(
                "kept \(events.count) webhook\(events.count == 1 ? "" : "s") in the spool \(spool.path) (\(error.message)); "
                    + "applied once the store takes writes")
        }
        answer(batch, .spooled(error))
        return true
    }

    /// Answers every job of `batch` as not written: each event with `outcome` (spooled or
    /// unavailable), each health probe with false.
    private func answer(_ batch: [Job], _ outcome: IngestOutcome) {
        for job in batch {
            switch job {
            case .event(_, let reply): reply(outcome)
            case .probe(let reply): reply(false)
            case .heartbeat: break
            }
        }
    }

    /// `error` as the store's error it is, else as one of kind `other` (`context` first).
    private static func storeError(_ error: any Error, context: String = "") -> StoreError {
        error as? StoreError ?? StoreError(kind: .other, message: context + "\(error)")
    }

    /// Applies the spooled bodies, oldest first, each batch synced before the spool lets it go;
    /// bodies an interrupted drain applied already are skipped. A failure is reported unless it
    /// is `lastFailure`, the last drain's (which it becomes); a refusal of the store's sets
    /// `refusal` to its kind. Returns whether the spool is empty.
    private func drain(
        _ spool: WebhookSpool, store: Store, log: WriteAheadLog, lastFailure: inout String?,
        refusal: inout StoreError.Kind
    ) -> Bool {
        var applied: [IngestResult] = []
        defer { if !applied.isEmpty { onSpool(Self.appliedLine(applied)) } }
        do throws(WebhookSpoolError) {
            // Whether the store takes writes, before the spool is locked and read.
            do {
                try store.database.write {}
            } catch {
                throw WebhookSpoolError.store(Self.storeError(error))
            }
            let skipped = try spool.drain(chunk: Self.maxBatch) { (events: [IncomingEvent]) throws(StoreError) in
                do {
                    let fresh = try events.filter { try !store.keeps($0) }
                    let written = try write(fresh.map { Job.event($0, reply: { _ in }) }, store: store)
                    try syncLog(log)
                    applied += written.results
                    onCommit(written.results)
                } catch {
                    throw Self.storeError(error)
                }
            }
            if skipped > 0 {
                onSpool(
                    "the spool \(spool.path) held \(skipped) bytes that began no whole record (a crash while one was kept, "
                        + "before it was answered, or damage to the file); skipped"
                )
            }
        } catch {
            if let storeError = error.storeError { refusal = storeError.kind }
            if lastFailure != error.description {
                if let storeError = error.storeError {
                    onError(Self.spooling(storeError))
                } else {
                    onSpool(error.description)
                }
            }
            lastFailure = error.description
            return false
        }
        lastFailure = nil
        return true
    }

    /// `error`, said of a store that refuses what the spool keeps.
    private static func spooling(_ error: StoreError) -> StoreError {
        StoreError(
            kind: error.kind, message: "webhooks kept in the spool until the store takes writes: " + error.message)
    }

    private static func appliedLine(_ results: [IngestResult]) -> String {
        let ids = results.map(\.eventID)
        let range = ids.count == 1 ? "event \(ids[0])" : "events \(ids.min() ?? 0)–\(ids.max() ?? 0)"
        let outcomes = Dictionary(grouping: results, by: \.status).map { "\($1.count) \($0)" }.sorted()
        return "applied \(results.count) spooled webhook\(results.count == 1 ? "" : "s") (\(range): "
            + outcomes.joined(separator: ", ") + ")"
    }

    /// Writes `batch` in one transaction; `isolated`: each event in a savepoint of its own
    /// (else an event whose effects fail throws ``IngestRetry``, and the batch is written again
    /// isolated so that it fails alone).
    private func write(_ batch: [Job], store: Store, isolated: Bool) throws -> Committed {
        var results: [IngestResult] = []
        var answers: [@Sendable (StoreError?) -> Void] = []
        try store.database.write {
            for job in batch {
                switch job {
                case .event(let incoming, let reply):
                    let result = try store.ingest(incoming, isolated: isolated)
                    results.append(result)
                    answers.append { error in reply(error.map { .unavailable($0) } ?? .committed(result)) }
                case .probe(let reply):
                    try store.setSetting("heartbeat", String(store.clock()))
                    answers.append { error in reply(error == nil) }
                case .heartbeat(let beat, let alive):
                    if alive {
                        try store.beat(
                            listener: beat.listener, address: beat.address, startedAt: beat.startedAt,
                            now: store.clock())
                    } else {
                        try store.removeHeartbeat(listener: beat.listener)
                    }
                    answers.append { _ in }
                }
            }
        }
        return Committed(results: results, answers: answers)
    }

    /// Syncs the log for every batch committed so far, then answers them; until the writer
    /// has stopped and nothing is left.
    private func runSyncer(_ log: WriteAheadLog) {
        while true {
            syncWakeup.wait()
            let done = writerDone.withLock { $0 }
            let pending = committed.withLock { queue -> [Committed] in
                defer { queue.removeAll(keepingCapacity: true) }
                return queue
            }
            if !pending.isEmpty {
                var failure: StoreError?
                do {
                    try syncLog(log)
                } catch {
                    failure = error
                }
                if let failure {
                    onError(failure)
                } else {
                    let results = pending.flatMap(\.results)
                    if !results.isEmpty { onCommit(results) }
                }
                for batch in pending {
                    for answer in batch.answers { answer(failure) }
                }
            }
            if done && committed.withLock({ $0.isEmpty }) { return }
        }
    }

    /// Checkpoints the log passively each time the writer wakes it (wakes that came during a
    /// checkpoint make one more), each in the hand-off's `turn`, until stopped; then empties
    /// the log (``emptyLog(_:)``).
    private func runCheckpointer(_ database: Database, turn: Locked<Void>) {
        var lastFailure: String?
        while true {
            checkpointWakeup.wait()
            while checkpointWakeup.wait(timeout: .now()) == .success {}
            if checkpointerStopped.withLock({ $0 }) { return emptyLog(database) }
            do {
                _ = try turn.withLock { _ throws(StoreError) in try database.checkpointPassively() }
                lastFailure = nil
            } catch {
                if lastFailure != error.message { onCheckpointFailure(error) }
                lastFailure = error.message
            }
        }
    }
}

/// Hands a thread-confined connection or store to the thread that will own it.
private final class ThreadBox<Value>: @unchecked Sendable {
    // Safety: written once before the thread starts and read once by that thread.
    private var value: Value?

    init(_ value: Value) { self.value = value }

    func take() -> Value {
        defer { value = nil }
        return value!
    }
}
