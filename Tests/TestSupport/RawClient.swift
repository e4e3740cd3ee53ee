import Glibc
import HTTPServer

/// A blocking TCP connection to the server under test, speaking raw bytes.
public final class RawClient {
    /// The socket.
    public let fd: Int32
    private var buffer: [UInt8] = []

    /// A response as read off the wire.
    public struct Response {
        /// The protocol version of the status line (`HTTP/1.1`).
        public var version: String
        /// The status code.
        public var status: Int
        /// Header fields in order.
        public var headers: [(name: String, value: String)]
        /// The body as UTF-8 text.
        public var body: String

        /// The first value of a header, by case-insensitive name.
        public func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
    }

    /// Why the connection could not be made.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong.
        public var description: String
    }

    /// Connects to `host:port`; every read gives up after `timeout` seconds (a safety net so a
    /// broken server fails the test instead of hanging it).
    public init(port: Int, host: String = "127.0.0.1", timeout: Double = 5) throws {
        var v4 = in_addr()
        var v6 = in6_addr()
        var storage = sockaddr_storage()
        let length: socklen_t
        if inet_pton(AF_INET, host, &v4) == 1 {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr = v4
            withUnsafeMutableBytes(of: &storage) { raw in withUnsafeBytes(of: &address) { raw.copyMemory(from: $0) } }
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
        } else {
            guard inet_pton(AF_INET6, host, &v6) == 1 else { throw Failure(description: "bad host \(host)") }
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = in_port_t(UInt16(port).bigEndian)
            address.sin6_addr = v6
            withUnsafeMutableBytes(of: &storage) { raw in withUnsafeBytes(of: &address) { raw.copyMemory(from: $0) } }
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
        }
        // The socket becomes `fd` only once connected: a class whose stored properties are all
        // set runs its deinit when its init throws, which would close the number a second time
        // (by then perhaps another thread's descriptor).
        let candidate = socket(Int32(storage.ss_family), Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard candidate >= 0 else { throw Failure(description: "socket failed") }
        var time = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1_000_000))
        setsockopt(candidate, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        let result = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(candidate, $0, length) }
        }
        guard result == 0 else {
            let code = errno
            close(candidate)
            throw Failure(description: "connect failed: errno \(code)")
        }
        fd = candidate
    }

    deinit {
        close(fd)
    }

    /// Sends bytes; returns false if the peer is gone.
    @discardableResult
    public func write(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes {
                send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent <= 0 { return false }
            offset += sent
        }
        return true
    }

    /// Sends a string's UTF-8 bytes; returns false if the peer is gone.
    @discardableResult
    public func write(_ text: String) -> Bool {
        write(Array(text.utf8))
    }

    /// Makes the eventual close send a TCP reset, as a client that crashed would.
    public func resetOnClose() {
        var option = linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
    }

    /// Shuts down the sending direction.
    public func shutdownWrite() {
        shutdown(fd, Int32(SHUT_WR))
    }

    /// Reads more bytes: the count, 0 at end of stream, -1 on reset or the safety timeout.
    private func receive() -> Int {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count > 0 { buffer.append(contentsOf: chunk[0..<count]) }
        return count
    }

    private func fill() -> Bool {
        receive() > 0
    }

    /// Reads one response (framed by Content-Length unless `bodyExpected` is false, as for
    /// HEAD); nil if the stream ends first.
    public func readResponse(bodyExpected: Bool = true) -> Response? {
        var headEnd: Int?
        while headEnd == nil {
            if buffer.count >= 4 {
                headEnd = (0...(buffer.count - 4)).first {
                    buffer[$0] == 13 && buffer[$0 + 1] == 10 && buffer[$0 + 2] == 13 && buffer[$0 + 3] == 10
                }
            }
            if headEnd == nil && !fill() { return nil }
        }
        let head = String(decoding: buffer[0..<headEnd!], as: UTF8.self)
        var lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return nil }
        let headers = lines.map { line -> (name: String, value: String) in
            let parts = line.split(separator: ":", maxSplits: 1)
            return (String(parts[0]), parts.count > 1 ? String(parts[1].drop { $0 == " " }) : "")
        }
        buffer.removeFirst(headEnd! + 4)
        var response = Response(version: String(statusLine[0]), status: status, headers: headers, body: "")
        let length = bodyExpected ? response.header("Content-Length").flatMap { Int($0) } ?? 0 : 0
        while buffer.count < length {
            if !fill() { return nil }
        }
        response.body = String(decoding: buffer[0..<length], as: UTF8.self)
        buffer.removeFirst(length)
        return response
    }

    /// True when the server closed (or reset) the connection with nothing more to read; false
    /// if bytes arrive or the safety timeout passes first.
    public func isClosedByServer() -> Bool {
        guard buffer.isEmpty else { return false }
        let count = receive()
        return count == 0 || (count < 0 && errno == ECONNRESET)
    }
}
