import Foundation

/// This process's reads so far, as the kernel counts them in `/proc/self/io`.
///
/// SQLite reads its files one page per `pread`, so ``calls`` is the pages it asked the kernel
/// for (its own page cache missed), whether the kernel had them cached or not; ``diskBytes`` is
/// what the kernel fetched from the disk for them (its cache missed), read-ahead included.
struct ProcessReads {
    /// Read system calls (`syscr`).
    var calls = 0
    /// Bytes read from the disk (`read_bytes`).
    var diskBytes = 0

    /// The counts now.
    static func now() -> ProcessReads {
        guard let text = try? String(contentsOfFile: "/proc/self/io", encoding: .utf8) else { return ProcessReads() }
        var reads = ProcessReads()
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count == 2, let value = Int(parts[1]) else { continue }
            switch parts[0] {
            case "syscr:": reads.calls = value
            case "read_bytes:": reads.diskBytes = value
            default: break
            }
        }
        return reads
    }

    /// The reads made between `earlier` and `later`.
    static func - (later: ProcessReads, earlier: ProcessReads) -> ProcessReads {
        ProcessReads(calls: later.calls - earlier.calls, diskBytes: later.diskBytes - earlier.diskBytes)
    }

    /// The reads of both.
    static func + (left: ProcessReads, right: ProcessReads) -> ProcessReads {
        ProcessReads(calls: left.calls + right.calls, diskBytes: left.diskBytes + right.diskBytes)
    }
}
