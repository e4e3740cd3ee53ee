import CRMCore
import CRMStore
import Foundation
import Listener
import Locking
import Synchronization

/// Keeps a running listener's tokens in step with the store after `jivocrm token rotate`: the
/// new token, and the old one until its grace period ends. `serve` calls ``reload()`` from its
/// signal wait; the console runs it on a thread of its own with ``start(every:)``. A token
/// given with --token, JIVOCRM_TOKEN or the configuration is fixed and never reloaded.
final class TokenReloader: Sendable {
    /// How often the store is read, in seconds.
    static let interval = 2

    private let path: String
    private let settings: CRMSettings
    private let listener: WebhookListener
    private let fixed: Bool
    private let token: Mutex<String?>
    private let onChange: @Sendable () -> Void
    private let stopping = DispatchSemaphore(value: 0)
    private let stopped = Atomic<Bool>(false)
    private let thread = Mutex<JoinableThread?>(nil)

    /// A reloader for `listener`, started as `invocation` configures it; `onChange` runs after
    /// a reload that changed the token (the console redraws its status line).
    init(_ invocation: Invocation, listener: WebhookListener, onChange: @escaping @Sendable () -> Void = {}) throws {
        self.onChange = onChange
        path = invocation.configuration.databasePath
        settings = try invocation.configuration.settings()
        self.listener = listener
        fixed =
            invocation.configuration.value(flag: "--token", invocation.arguments, env: "JIVOCRM_TOKEN", key: "token")
            != nil
        token = Mutex(nil)
    }

    /// The token the listener was last given, if a reload gave it one.
    var currentToken: String? {
        token.withLock { $0 }
    }

    /// Reads the store's token and the retiring one and hands them to the listener.
    func reload(from store: Store) {
        guard !fixed, let current = try? store.webhookToken() else { return }
        let retiring = (try? store.retiringToken()).flatMap { $0 }
        listener.setTokens([current], retiring: retiring.map { [($0.value, $0.expiresAt)] } ?? [])
        let previous = token.withLock { token in
            defer { token = current }
            return token
        }
        if previous != nil, previous != current { onChange() }
    }

    /// Reloads every `seconds` on a background thread with its own store connection, until ``stop()``.
    func start(every seconds: Int = interval) throws(ThreadStartError) {
        guard !fixed else { return }
        let started = try JoinableThread(name: "token-reload") { [self] in
            guard let store = try? Store(path: path, settings: settings) else { return }
            while !stopped.load(ordering: .acquiring) {
                reload(from: store)
                _ = stopping.wait(timeout: .now() + .seconds(seconds))
            }
        }
        thread.withLock { $0 = started }
    }

    /// Ends the thread ``start(every:)`` began and waits for it to end.
    func stop() {
        guard !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        stopping.signal()
        thread.withLock { $0 }?.join()
    }
}
