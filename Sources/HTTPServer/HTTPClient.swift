import Glibc

/// A small blocking HTTP/1.1 client over one keep-alive connection, for the `simulate` command
/// and end-to-end tests. Not thread-safe: use one client per thread.
public final class HTTPClient {
    /// Host name or IP literal of the server.
    public let host: String
    /// TCP port of the server.
    public let port: Int
    /// Seconds to wait for connecting, each send and each receive.
    public let timeout: Double
    private var fd: Int32 = -1
    private var buffer: [UInt8] = []
    private var position = 0
    private var responseStarted = false
    private static let maxHeadBytes = 64 * 1024

    /// A client for `host:port`; connects lazily on the first request.
    public init(host: String = "127.0.0.1", port: Int, timeout: Double = 10) {
        self.host = host
        self.port = port
        self.timeout = timeout
    }

    deinit {
        close()
    }

    /// Closes the connection; the next request opens a new one.
    public func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
        buffer.removeAll(keepingCapacity: true)
        position = 0
    }

    /// Sends one request and reads its response (skipping `100 Continue`). Adds `Host` and
    /// `Content-Length`. If a reused keep-alive connection turns out to have been closed by the
    /// server before any response byte arrived, reconnects once and resends.
    public func send(
        method: String = "GET", path: String, headers: [(name: String, value: String)] = [], body: [UInt8] = []
    ) throws(HTTPClientError) -> HTTPClientResponse {
        var request = Array("\(method) \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\n".utf8)
        for field in headers {
            request.append(contentsOf: "\(field.name): \(field.value)\r\n".utf8)
        }
        if !body.isEmpty || !["GET", "HEAD", "DELETE", "OPTIONS"].contains(method) {
            request.append(contentsOf: "Content-Length: \(body.count)\r\n".utf8)
        }
        request.append(contentsOf: "\r\n".utf8)
        request.append(contentsOf: body)
        let reused = fd >= 0
        do {
            return try exchange(request, isHead: method == "HEAD")
        } catch .connectionClosed where reused && !responseStarted {
            close()
            return try exchange(request, isHead: method == "HEAD")
        }
    }

    private func exchange(_ request: [UInt8], isHead: Bool) throws(HTTPClientError) -> HTTPClientResponse {
        if fd < 0 { try connect() }
        responseStarted = false
        do {
            try write(request)
            var response = try readResponse(isHead: isHead)
            while response.status < 200 { response = try readResponse(isHead: isHead) }
            if response.header("Connection")?.lowercased() == "close" { close() }
            return response
        } catch {
            close()
            throw error
        }
    }

    private func connect() throws(HTTPClientError) {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
            throw .unresolvableHost(host)
        }
        defer { freeaddrinfo(list) }
        var lastError: Int32 = ECONNREFUSED
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            entry = info.pointee.ai_next
            let candidate = socket(info.pointee.ai_family, info.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard candidate >= 0 else {
                lastError = errno
                continue
            }
            Socket.setTimeouts(candidate, seconds: timeout)
            Socket.setOption(candidate, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
            if Glibc.connect(candidate, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 {
                fd = candidate
                return
            }
            lastError = errno
            Glibc.close(candidate)
        }
        throw .connectFailed(host: host, port: port, errno: lastError)
    }

    private func write(_ bytes: [UInt8]) throws(HTTPClientError) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { raw in
                Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent > 0 {
                offset += sent
                continue
            }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: throw .timedOut
            case EPIPE, ECONNRESET: throw .connectionClosed
            case let code: throw .ioFailed(call: "send", errno: code)
            }
        }
    }

    /// Reads more bytes into the buffer; false at end of stream.
    private func fill() throws(HTTPClientError) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                responseStarted = true
                buffer.append(contentsOf: chunk[0..<count])
                return true
            }
            if count == 0 { return false }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: throw .timedOut
            case ECONNRESET: throw .connectionClosed
            case let code: throw .ioFailed(call: "recv", errno: code)
            }
        }
    }

    /// Reads one CRLF-terminated line, without the CRLF.
    private func readLine() throws(HTTPClientError) -> [UInt8] {
        var scanned = position
        while true {
            while scanned < buffer.count {
                if buffer[scanned] == 0x0A {
                    let end = scanned > position && buffer[scanned - 1] == 0x0D ? scanned - 1 : scanned
                    let line = Array(buffer[position..<end])
                    position = scanned + 1
                    return line
                }
                scanned += 1
            }
            if scanned - position > Self.maxHeadBytes { throw .malformedResponse("line too long") }
            guard try fill() else { throw .connectionClosed }
        }
    }

    private func readBytes(_ count: Int) throws(HTTPClientError) -> [UInt8] {
        while buffer.count - position < count {
            guard try fill() else { throw .connectionClosed }
        }
        let bytes = Array(buffer[position..<position + count])
        position += count
        return bytes
    }

    private func readResponse(isHead: Bool) throws(HTTPClientError) -> HTTPClientResponse {
        buffer.removeSubrange(0..<position)
        position = 0
        let statusLine = String(decoding: try readLine(), as: UTF8.self)
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]), (100...599).contains(status)
        else { throw .malformedResponse("bad status line") }
        var headers: [(name: String, value: String)] = []
        while true {
            let line = try readLine()
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: 0x3A) else { throw .malformedResponse("header without colon") }
            let name = String(decoding: line[..<colon], as: UTF8.self)
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingCharacters(in: " \t")
            headers.append((name, value))
        }
        var response = HTTPClientResponse(status: status, headers: headers, body: [])
        if isHead || status < 200 || status == 204 || status == 304 { return response }
        if response.header("Transfer-Encoding")?.lowercased() == "chunked" {
            response.body = try readChunkedBody()
        } else if let lengthText = response.header("Content-Length") {
            guard let length = Int(lengthText), length >= 0 else { throw .malformedResponse("bad Content-Length") }
            response.body = try readBytes(length)
        } else {
            while try fill() {}
            response.body = Array(buffer[position...])
            position = buffer.count
            close()
        }
        return response
    }

    private func readChunkedBody() throws(HTTPClientError) -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let line = String(decoding: try readLine(), as: UTF8.self)
            let sizeText = line.prefix { $0 != ";" }.trimmingCharacters(in: " \t")
            guard let size = Int(sizeText, radix: 16), size >= 0 else { throw .malformedResponse("bad chunk size") }
            if size == 0 {
                while try !readLine().isEmpty {}
                return body
            }
            body.append(contentsOf: try readBytes(size))
            guard try readLine().isEmpty else { throw .malformedResponse("chunk not followed by CRLF") }
        }
    }
}

extension StringProtocol {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
