import CRMStore
import Glibc

/// Where `serve` and the console write their log lines: one file, appended, each line stamped
/// with the UTC time.
enum LogSink {
    /// A sink appending to the file at `path` (created with mode 0600 when missing).
    static func file(_ path: String) throws(CLIError) -> @Sendable (String) -> Void {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw .failure(
                "cannot open the log file \(path): \(String(cString: strerror(errno))); set log_file in the configuration to a writable path"
            )
        }
        // A log is read with `tail` and in the journal, and a name a webhook gave may hold
        // escape sequences: each line is made safe to show on a terminal.
        return { line in
            let stamped = "\(Output.time(Store.systemMilliseconds(), .utc)) \(Output.safe(line))\n"
            _ = stamped.withCString { write(descriptor, $0, strlen($0)) }
        }
    }
}
