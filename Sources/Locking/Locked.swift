import Glibc

/// A value guarded by a `pthread_mutex_t`, shared between threads.
///
/// The project uses this instead of `Synchronization.Mutex`: on Linux that mutex takes its
/// contended path through a priority-inheritance futex inside the (uninstrumented) standard
/// library, so ThreadSanitizer sees no happens-before edge between two critical sections and
/// reports races that are not there. ThreadSanitizer intercepts `pthread_mutex_lock` and
/// `pthread_mutex_unlock`, so with this type its reports are about our code, not the lock.
public final class Locked<Value: Sendable>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    /// Guards `value`, which from now on is reached only through `withLock`.
    public init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        precondition(pthread_mutex_init(mutex, nil) == 0, "pthread_mutex_init failed")
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with exclusive access to the value and returns what it returns.
    /// `body` must not call `withLock` on the same instance (the mutex is not recursive).
    public func withLock<Result, Failure: Error>(
        _ body: (inout Value) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
