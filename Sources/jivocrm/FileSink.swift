import Glibc

/// Where `export` writes: standard output, or a private file that appears complete or not at
/// all (written under a temporary name in the same directory, synced, then renamed).
final class FileSink {
    private let descriptor: Int32
    private let path: String?
    /// The file's temporary name until it is moved into place.
    private var temporaryPath: String?
    private var buffer: [UInt8] = []

    /// Standard output.
    init() {
        descriptor = STDOUT_FILENO
        temporaryPath = nil
        path = nil
    }

    /// A new file at `path`, mode 0600, that replaces any file there on ``finish()``.
    init(path: String) throws(CLIError) {
        var template = Array((path + ".tmp-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw .failure(
                "cannot write \(path): \(String(cString: strerror(errno))) (check that its directory exists and is writable)"
            )
        }
        fchmod(descriptor, 0o600)
        self.descriptor = descriptor
        self.path = path
        temporaryPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    deinit {
        guard path != nil else { return }
        close(descriptor)
        if let temporaryPath { unlink(temporaryPath) }
    }

    /// Appends `text`.
    func write(_ text: String) throws(CLIError) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { try flush() }
    }

    /// Writes out what is buffered.
    private func flush() throws(CLIError) {
        var offset = 0
        while offset < buffer.count {
            let written = buffer[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE && path == nil { exit(0) }
                throw .failure(
                    "cannot write \(path ?? "the output"): \(String(cString: strerror(errno))) (check the disk has space)"
                )
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes out the rest; for a file, syncs it and moves it into place.
    func finish() throws(CLIError) {
        try flush()
        guard let path, let temporaryPath else { return }
        guard fsync(descriptor) == 0, rename(temporaryPath, path) == 0 else {
            throw .failure("cannot write \(path): \(String(cString: strerror(errno))) (check the disk has space)")
        }
        self.temporaryPath = nil
    }
}
