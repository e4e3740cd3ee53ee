import CRMStore
import Dispatch
import Foundation
import HTTPServer
import Locking

/// Posts every kept event, byte for byte, to the configured forward targets from the store's
/// durable outbox (filled in the same transaction as the event), on a thread of its own so that
/// no reply to JivoChat waits for it. A target that fails is retried with exponential backoff;
/// its later events wait, so each target sees the events in the order they arrived (and so in
/// order per chat). Entries survive restarts. Delivery is at least once: a target that answered
/// 2xx just before a crash can get that event again.
final class Forwarder: Sendable {
    /// A target's address, from `http://HOST[:PORT]/PATH`.
    struct Target: Sendable, Equatable {
        /// The URL as configured.
        var url: String
        /// Host name or address.
        var host: String
        /// Port.
        var port: Int
        /// Path and query.
        var path: String

        /// The parts of an `http://` URL; nil for anything else.
        init?(_ url: String) {
            guard url.hasPrefix("http://") else { return nil }
            let rest = url.dropFirst("http://".count)
            let authority = rest.prefix { $0 != "/" }
            let path = rest.dropFirst(authority.count)
            var host = Substring(authority)
            var port = 80
            if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
                host = authority[authority.index(after: authority.startIndex)..<close]
                if let colon = authority[close...].firstIndex(of: ":") {
                    guard let given = Int(authority[authority.index(after: colon)...]) else { return nil }
                    port = given
                }
            } else if let colon = authority.lastIndex(of: ":") {
                guard let given = Int(authority[authority.index(after: colon)...]) else { return nil }
                host = authority[..<colon]
                port = given
            }
            guard !host.isEmpty, (1...65535).contains(port) else { return nil }
            self.url = url
            self.host = String(host)
            self.port = port
            self.path = path.isEmpty ? "/" : String(path)
        }
    }

    private let storePath: String
    private let busyTimeout: Int32
    private let targets: [Target]
    private let backoffBase: Int64
    private let log: @Sendable (String) -> Void
    private let stopped = Locked(false)
    private let wakeup = DispatchSemaphore(value: 0)
    /// The forwarding thread, once started.
    private let thread = Locked<JoinableThread?>(nil)

    /// The longest wait between two attempts, ms.
    static let maxBackoff: Int64 = 300_000

    /// A forwarder to `targets` for the store at `storePath`; the first retry waits
    /// `backoffBase` ms, each later one twice as long (up to ``maxBackoff``).
    init(
        storePath: String, busyTimeout: Int32, targets: [Target], backoffBase: Int64,
        log: @escaping @Sendable (String) -> Void
    ) {
        self.storePath = storePath
        self.busyTimeout = busyTimeout
        self.targets = targets
        self.backoffBase = backoffBase
        self.log = log
    }

    /// Records the targets in the store (dropping entries of targets no longer configured; a
    /// store that refuses the write is logged, not fatal) and, when there are any, starts the
    /// forwarding thread.
    func start() throws {
        let store = try Store(path: storePath, busyTimeout: busyTimeout)
        do {
            let dropped = try store.setForwardTargets(targets.map(\.url))
            if dropped > 0 { log("forward: dropped \(dropped) queued events of targets no longer configured") }
        } catch {
            log("forward: cannot record the targets in the store (\(error)); events are not queued until it can")
        }
        guard !targets.isEmpty else { return }
        let box = ForwardStoreBox(store)
        let started = try JoinableThread(name: "jivocrm-forward") { [self] in run(box.take()) }
        thread.withLock { $0 = started }
    }

    /// Wakes the thread: new events were committed.
    func poke() { wakeup.signal() }

    /// Stops the thread after the attempt in progress; what is queued stays queued.
    func stop() {
        guard let started = thread.withLock({ $0 }) else { return }
        stopped.withLock { $0 = true }
        wakeup.signal()
        started.join()
    }

    private func run(_ store: Store) {
        var clients: [String: HTTPClient] = [:]
        defer { clients.values.forEach { $0.close() } }
        while !stopped.withLock({ $0 }) {
            var wait: Int64 = 1000
            for target in targets {
                let client = clients[target.url] ?? HTTPClient(host: target.host, port: target.port, timeout: 5)
                clients[target.url] = client
                wait = min(wait, drain(target, client, store))
            }
            _ = wakeup.wait(timeout: .now() + .milliseconds(Int(max(wait, 1))))
        }
    }

    /// Posts `target`'s entries in order until one fails, is not yet due, or none is left;
    /// returns how long to wait before trying again, ms.
    private func drain(_ target: Target, _ client: HTTPClient, _ store: Store) -> Int64 {
        while !stopped.withLock({ $0 }) {
            let entry: Store.OutboxEntry
            do {
                guard let next = try store.nextOutboxEntry(target: target.url) else { return 1000 }
                entry = next
            } catch {
                log("forward: cannot read the outbox: \(error)")
                return 1000
            }
            let now = Store.systemMilliseconds()
            if entry.nextAttemptAt > now { return entry.nextAttemptAt - now }
            var failure: String?
            do {
                let response = try client.send(
                    method: "POST", path: target.path,
                    headers: [
                        (name: "Content-Type", value: "application/json; charset=utf-8"),
                        (name: "X-Jivocrm-Event-Id", value: String(entry.eventID)),
                    ], body: entry.body)
                if !(200..<300).contains(response.status) { failure = "HTTP \(response.status)" }
            } catch {
                client.close()
                failure = "\(error)"
            }
            do {
                if let failure {
                    let delay = min(Self.maxBackoff, backoffBase << min(entry.attempts, 20))
                    try store.outboxFailed(entry.id, error: failure, retryAt: now + delay)
                    log(
                        "forward: event \(entry.eventID) to target \(targetIndex(target)) failed (\(failure)); retry in \(delay)ms"
                    )
                    return delay
                }
                try store.outboxDelivered(entry.id)
            } catch {
                log("forward: cannot update the outbox: \(error)")
                return 1000
            }
        }
        return 0
    }

    /// The target's position in the configuration (logs never carry URLs, which may hold secrets).
    private func targetIndex(_ target: Target) -> Int {
        (targets.firstIndex(of: target) ?? 0) + 1
    }
}

/// Hands the forwarder's store to its thread.
private final class ForwardStoreBox: @unchecked Sendable {
    // Safety: written once before the thread starts and read once by that thread.
    private var store: Store?

    init(_ store: Store) { self.store = store }

    func take() -> Store {
        defer { store = nil }
        return store!
    }
}
