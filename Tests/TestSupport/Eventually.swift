import Glibc

/// Polls `condition` up to `attempts` times, `interval` microseconds apart, until it holds;
/// returns its last value. Tests assert on the outcome, never on how long it took, so the limit
/// is generous rather than tight.
public func eventually(attempts: Int = 100, every interval: UInt32 = 100_000, _ condition: () -> Bool) -> Bool {
    for _ in 0..<attempts {
        if condition() { return true }
        usleep(interval)
    }
    return condition()
}
