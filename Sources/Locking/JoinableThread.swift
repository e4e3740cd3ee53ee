import CThread
import Glibc

/// A thread that runs one closure and that its owner can wait for until it has ended, with the
/// closure and everything it captured released.
///
/// Foundation's `Thread` cannot be joined: an owner learns of its end only from a signal the
/// thread sends while it still runs, and the thread goes on releasing what it held (a store's
/// connection, the objects its closure captured) after that. A process that returns from `main`
/// then may run its libraries' exit handlers while such a thread still frees memory; a `serve`
/// stop once aborted with glibc's "double free" while its main thread was inside those
/// finalizers. ``join()`` returns only after the thread is gone.
public final class JoinableThread: Sendable {
    private let thread: pthread_t
    private let joined = Locked(false)

    /// Starts `body` on a new thread named `name` (Linux keeps 15 bytes of it). The thread
    /// starts with the creator's signal mask, as every thread does.
    public init(name: String, _ body: @escaping @Sendable () -> Void) throws(ThreadStartError) {
        let context = Unmanaged.passRetained(Start(name: name, body: body)).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(
            &thread, nil,
            { context in
                let start = Unmanaged<Start>.fromOpaque(context!).takeRetainedValue()
                _ = pthread_setname_np(pthread_self(), String(start.name.utf8.prefix(15)) ?? "")
                start.body()
                return nil
            }, context)
        guard result == 0 else {
            Unmanaged<Start>.fromOpaque(context).release()
            throw ThreadStartError(name: name, code: result)
        }
        self.thread = thread
    }

    /// A thread that was never joined is detached, so that its end frees what the system holds
    /// for it.
    deinit {
        if !joined.withLock({ $0 }) { pthread_detach(thread) }
    }

    /// Whether the caller runs on this thread (which must not join itself).
    public var isCurrent: Bool { pthread_equal(thread, pthread_self()) != 0 }

    /// Waits until the thread has ended and let go of its closure; later calls return at once.
    /// Must not be called on the thread itself.
    public func join() {
        let first = joined.withLock { joined in
            defer { joined = true }
            return !joined
        }
        if first { pthread_join(thread, nil) }
    }

    /// What a new thread runs, handed to it through `pthread_create`'s one pointer.
    private final class Start {
        let name: String
        let body: @Sendable () -> Void

        init(name: String, body: @escaping @Sendable () -> Void) {
            self.name = name
            self.body = body
        }
    }
}

/// A thread could not be started (the system's limit on threads or memory was reached).
public struct ThreadStartError: Error, CustomStringConvertible {
    /// The name of the thread that was to start.
    public let name: String
    /// `pthread_create`'s error number.
    public let code: Int32

    /// What failed and what to do.
    public var description: String {
        "cannot start the \(name) thread: \(String(cString: strerror(code))); the system is out of threads or memory "
            + "(see ulimit -u and the memory in use), free some and start again"
    }
}
