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
        return { line in
            let stamped = "\(Output.time(Store.systemMilliseconds(), .utc)) \(inert(line))\n"
            _ = stamped.withCString { write(descriptor, $0, strlen($0)) }
        }
    }

    /// `line` safe to show on a terminal (a log is read with `tail` and in the journal): a name
    /// a webhook gave may hold escape sequences. A line of printable ASCII, nearly every one,
    /// is kept as it is without a look at its characters.
    static func inert(_ line: String) -> String {
        line.utf8.allSatisfy { (0x20..<0x7F).contains($0) } ? line : Output.safe(line)
    }
}
