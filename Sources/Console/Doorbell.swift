import Glibc
import Synchronization

/// A self-pipe that other threads ring to wake the console loop ("data changed").
///
/// Rings coalesce: however many arrive before the loop wakes, it sees one doorbell event.
public final class Doorbell: Sendable {
    /// The end the loop polls.
    let readDescriptor: Int32
    private let writeDescriptor: Int32
    private let pending = Atomic<Bool>(false)

    /// Creates the pipe; fails when the process is out of file descriptors.
    public init() throws(ConsoleError) {
        (readDescriptor, writeDescriptor) = try makeNonBlockingPipe()
    }

    deinit {
        close(readDescriptor)
        close(writeDescriptor)
    }

    /// Wakes the loop. Safe from any thread; writes at most one byte until the loop drains it.
    public func ring() {
        guard !pending.exchange(true, ordering: .acquiringAndReleasing) else { return }
        var byte: UInt8 = 1
        _ = write(writeDescriptor, &byte, 1)
    }

    /// Empties the pipe and reports whether the bell rang since the last drain. The pipe is
    /// drained before the flag is cleared, so a ring racing with the drain is never lost.
    func drain() -> Bool {
        drainDescriptor(readDescriptor)
        return pending.exchange(false, ordering: .acquiringAndReleasing)
    }
}

/// A pipe whose ends are non-blocking and closed on exec.
func makeNonBlockingPipe() throws(ConsoleError) -> (read: Int32, write: Int32) {
    var descriptors: [Int32] = [-1, -1]
    guard pipe(&descriptors) == 0 else { throw .system("pipe()") }
    for descriptor in descriptors {
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
    }
    return (descriptors[0], descriptors[1])
}

/// Reads and discards everything available on a non-blocking descriptor; returns the bytes read.
@discardableResult
func drainDescriptor(_ descriptor: Int32) -> [UInt8] {
    var collected: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 64)
    while true {
        let count = read(descriptor, &buffer, buffer.count)
        if count > 0 {
            collected += buffer[..<count]
        } else if count < 0 && errno == EINTR {
            continue
        } else {
            return collected
        }
    }
}
