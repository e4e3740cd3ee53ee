import Glibc
import Locking
import Testing
import TestSupport

@Suite struct LockedTests {
    /// Eight threads each add 10,000 under the lock; every increment survives. Under
    /// `make sanitize` this also proves ThreadSanitizer sees the lock (it reported this very
    /// pattern with `Synchronization.Mutex`).
    @Test func incrementsFromManyThreadsAllLand() {
        let counter = Locked(0)
        let finished = Shared(0)
        for _ in 0..<8 {
            runOnThread {
                for _ in 0..<10_000 { counter.withLock { $0 += 1 } }
                finished.update { $0 += 1 }
            }
        }
        #expect(eventually(attempts: 1000, every: 5_000) { finished.value == 8 })
        #expect(counter.withLock { $0 } == 80_000)
    }

    @Test func withLockRethrowsTheBodysErrorAndKeepsTheValue() {
        struct Refused: Error {}
        let value = Locked([1, 2])
        #expect(throws: Refused.self) {
            try value.withLock { (list: inout [Int]) throws(Refused) in
                list.append(3)
                throw Refused()
            }
        }
        #expect(value.withLock { $0 } == [1, 2, 3])
    }
}
