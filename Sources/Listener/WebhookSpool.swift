import CRMStore
import Glibc

/// Webhook bodies the store could not take when they came (another process held the SQLite
/// write lock past the busy timeout, PostgreSQL was down), kept on disk with their receive
/// times until the writer applies them.
///
/// JivoChat does not deliver an event again (PROTOCOL-NOTES), so answering 503 loses it: a body
/// appended here and synced is answered 202 instead, and applied later, in the order received,
/// before any event that came after it. The file is one record after another: the magic bytes
/// `JSP1`, the receive time (8 bytes), the lengths of the `Content-Encoding` header and of the
/// body (1 and 4 bytes), the two, and SHA-256 of all that. A record torn by a crash while it was
/// appended (so never answered) fails its digest, and reading resumes at the next whole record.
/// Processes sharing a spool take turns with `flock`: one appends, or drains from the first
/// read to the truncation. The file is made on the first append and never removed (a process
/// may hold it open); an empty file is an empty spool.
///
/// Confined to the writer thread.
final class WebhookSpool {
    /// The file's path.
    let path: String
    private var descriptor: Int32 = -1

    private static let magic: [UInt8] = Array("JSP1".utf8)
    private static let headerSize = 4 + 8 + 1 + 4
    private static let digestSize = 32

    /// The spool at `path`, opened if the file exists (`readOnly`: for reading only).
    init(path: String, readOnly: Bool = false) {
        self.path = path
        descriptor = Glibc.open(path, (readOnly ? O_RDONLY : O_RDWR | O_APPEND) | O_CLOEXEC)
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Whether the file holds anything (whole records or a torn one), this process's or
    /// another's; the file at the path is opened first if it is not the one open (made by
    /// another process, or replaced).
    var holdsBodies: Bool {
        reopenIfReplaced()
        var status = stat()
        return descriptor >= 0 && fstat(descriptor, &status) == 0 && status.st_size > 0
    }

    /// Opens the file at the path again when the one open is not it (or none is open).
    private func reopenIfReplaced() {
        var named = stat()
        guard stat(path, &named) == 0 else {
            if descriptor >= 0 { close(descriptor) }
            descriptor = -1
            return
        }
        var open = stat()
        if descriptor >= 0, fstat(descriptor, &open) == 0, open.st_ino == named.st_ino, open.st_dev == named.st_dev {
            return
        }
        if descriptor >= 0 { close(descriptor) }
        descriptor = Glibc.open(path, O_RDWR | O_APPEND | O_CLOEXEC)
    }

    /// Appends `events` and syncs the file, making it (and its folder) first if need be; on a
    /// failure the file is cut back to what it held, and nothing of `events` is kept.
    func append(_ events: [IncomingEvent]) throws(WebhookSpoolError) {
        try openForAppending()
        var bytes: [UInt8] = []
        for event in events { Self.encode(event, into: &bytes) }
        try locked { () throws(WebhookSpoolError) in
            var status = stat()
            guard fstat(descriptor, &status) == 0 else { throw .io(path: path, call: "fstat", code: errno) }
            var written = 0
            while written < bytes.count {
                let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else {
                    let code = errno
                    _ = ftruncate(descriptor, status.st_size)
                    throw .io(path: path, call: "write", code: code)
                }
                written += count
            }
            guard fdatasync(descriptor) == 0 else {
                let code = errno
                _ = ftruncate(descriptor, status.st_size)
                throw .io(path: path, call: "fdatasync", code: code)
            }
        }
    }

    /// Hands the spooled bodies to `apply`, oldest first, up to `chunk` at a time, then empties
    /// the file; all under the file's lock, so that no process appends meanwhile. A chunk
    /// `apply` throws for stays, with every later one (`apply` is to skip bodies an earlier,
    /// interrupted drain applied). Returns how many torn bytes were skipped.
    func drain(
        chunk: Int, _ apply: ([IncomingEvent]) throws(StoreError) -> Void
    ) throws(WebhookSpoolError) -> Int {
        reopenIfReplaced()
        guard descriptor >= 0 else { return 0 }
        return try locked { () throws(WebhookSpoolError) -> Int in
            var pending: [IncomingEvent] = []
            func flush() throws(WebhookSpoolError) {
                if pending.isEmpty { return }
                do throws(StoreError) {
                    try apply(pending)
                } catch {
                    throw .store(error)
                }
                pending.removeAll(keepingCapacity: true)
            }
            let skipped = try eachRecord { (event) throws(WebhookSpoolError) in
                pending.append(event)
                if pending.count == chunk { try flush() }
            }
            try flush()
            guard ftruncate(descriptor, 0) == 0, fdatasync(descriptor) == 0 else {
                throw .io(path: path, call: "ftruncate", code: errno)
            }
            return skipped
        }
    }

    /// How many whole records the spool at `path` holds and the oldest's receive time, read
    /// without its lock (a snapshot for a report); nil when there is no file. Throws when the
    /// file is there but cannot be read.
    static func waiting(at path: String) throws(WebhookSpoolError) -> (count: Int, oldest: Int64?)? {
        let spool = WebhookSpool(path: path, readOnly: true)
        guard spool.descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw .io(path: path, call: "open", code: errno)
        }
        var count = 0
        var oldest: Int64?
        _ = try spool.eachRecord { event in
            count += 1
            oldest = min(oldest ?? event.receivedAt, event.receivedAt)
        }
        return (count, oldest)
    }

    /// Calls `body` with each whole record, in file order, reading the file a megabyte at a
    /// time (a record whole); returns how many bytes it skipped that began no whole record.
    private func eachRecord(
        _ body: (IncomingEvent) throws(WebhookSpoolError) -> Void
    ) throws(WebhookSpoolError) -> Int {
        var buffer: [UInt8] = []
        var start = 0
        var read: off_t = 0
        var atEnd = false
        var skipped = 0
        while true {
            switch Self.decode(buffer, at: start) {
            case .record(let event, let size):
                try body(event)
                start += size
            case .needMore where !atEnd:
                buffer.removeFirst(start)
                start = 0
                let count = try readMore(into: &buffer, at: read)
                read += off_t(count)
                atEnd = count == 0
            case .needMore where start == buffer.count:
                return skipped
            case .needMore, .invalid:
                start += 1
                skipped += 1
            }
        }
    }

    /// Appends up to a megabyte of the file from `offset` to `buffer`; returns how many bytes.
    private func readMore(into buffer: inout [UInt8], at offset: off_t) throws(WebhookSpoolError) -> Int {
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 1)
        defer { scratch.deallocate() }
        while true {
            let count = pread(descriptor, scratch.baseAddress, scratch.count, offset)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw .io(path: path, call: "read", code: errno) }
            buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[..<count]))
            return count
        }
    }

    /// Opens the file at the path, making it and its missing folders (each synced into its
    /// folder, so that a power cut does not take the file's name with it).
    private func openForAppending() throws(WebhookSpoolError) {
        reopenIfReplaced()
        if descriptor >= 0 { return }
        let folder = Self.folder(of: path)
        try Self.makeFolders(folder)
        descriptor = Glibc.open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .io(path: path, call: "open", code: errno) }
        try Self.syncFolder(folder)
    }

    /// The folder `path` is in ("." for a bare name).
    private static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Makes `folder` and the folders above it that are missing, private to the user.
    private static func makeFolders(_ folder: String) throws(WebhookSpoolError) {
        var exists = stat()
        if stat(folder, &exists) == 0 { return }
        try makeFolders(Self.folder(of: folder))
        guard mkdir(folder, 0o700) == 0 || errno == EEXIST else {
            throw .io(path: folder, call: "mkdir", code: errno)
        }
        try syncFolder(Self.folder(of: folder))
    }

    /// Syncs `folder`, so that the names made in it are durable.
    private static func syncFolder(_ folder: String) throws(WebhookSpoolError) {
        let descriptor = Glibc.open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .io(path: folder, call: "open", code: errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw .io(path: folder, call: "fsync", code: errno) }
    }

    private func locked<Result>(_ body: () throws(WebhookSpoolError) -> Result) throws(WebhookSpoolError) -> Result {
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw .io(path: path, call: "flock", code: errno) }
        }
        defer { _ = flock(descriptor, LOCK_UN) }
        return try body()
    }

    private static func encode(_ event: IncomingEvent, into bytes: inout [UInt8]) {
        let start = bytes.count
        let encoding = Array((event.contentEncoding ?? "").utf8.prefix(255))
        bytes += magic
        withUnsafeBytes(of: event.receivedAt.littleEndian) { bytes += $0 }
        bytes.append(UInt8(encoding.count))
        withUnsafeBytes(of: UInt32(event.body.count).littleEndian) { bytes += $0 }
        bytes += encoding
        bytes += event.body
        bytes += Crypto.sha256(Array(bytes[start...]))
    }

    /// What the bytes at an offset of a spool are.
    private enum Decoded {
        /// A whole record: its body and its size in bytes.
        case record(IncomingEvent, Int)
        /// The start of a record, or of its magic bytes, that goes on past the bytes read.
        case needMore
        /// No record starts here.
        case invalid
    }

    /// The largest body a record may claim: the listener takes none over 4 MiB; a length past
    /// this is a torn or foreign record's.
    private static let largestBody = 16 << 20

    /// What starts at `offset` of `bytes`.
    private static func decode(_ bytes: [UInt8], at offset: Int) -> Decoded {
        let remaining = bytes.count - offset
        guard remaining >= magic.count else {
            return bytes[offset...].elementsEqual(magic.prefix(remaining)) ? .needMore : .invalid
        }
        guard bytes[offset..<offset + magic.count].elementsEqual(magic) else { return .invalid }
        guard remaining >= headerSize else { return .needMore }
        let receivedAt = bytes[offset + 4..<offset + 12].reversed().reduce(Int64(0)) { $0 << 8 | Int64($1) }
        let encodingCount = Int(bytes[offset + 12])
        let bodyCount = bytes[offset + 13..<offset + 17].reversed().reduce(0) { $0 << 8 | Int($1) }
        guard bodyCount <= largestBody else { return .invalid }
        let end = offset + headerSize + encodingCount + bodyCount
        guard end + digestSize <= bytes.count else { return .needMore }
        guard Crypto.sha256(Array(bytes[offset..<end])).elementsEqual(bytes[end..<end + digestSize]) else {
            return .invalid
        }
        let encodingStart = offset + headerSize
        let encoding = String(decoding: bytes[encodingStart..<encodingStart + encodingCount], as: UTF8.self)
        let event = IncomingEvent(
            body: Array(bytes[encodingStart + encodingCount..<end]), contentEncoding: encoding.isEmpty ? nil : encoding,
            receivedAt: receivedAt)
        return .record(event, end + digestSize - offset)
    }
}
