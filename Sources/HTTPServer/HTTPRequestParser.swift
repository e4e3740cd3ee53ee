/// A strict, incremental HTTP/1.x request parser with no I/O: append bytes, then call `next()`
/// until it answers `.needMoreData`.
///
/// Framing follows RFC 9112 §6.3 with no tolerance for smuggling: Content-Length and
/// Transfer-Encoding together, any repeated Content-Length (even identical copies, which are not
/// folded), and transfer codings other than exactly `chunked` are rejected. Errors are sticky:
/// after `.failure` every call answers the same failure.
public struct HTTPRequestParser: Sendable {
    /// Size limits the parser enforces.
    public struct Limits: Sendable {
        /// Maximum bytes of request line plus headers (431 beyond it).
        public var maxHeadBytes: Int
        /// Maximum number of header fields (431 beyond it).
        public var maxHeaderCount: Int
        /// Maximum body bytes, declared or de-chunked (413 beyond it).
        public var maxBodyBytes: Int

        /// Limits with the server's defaults: 16 KiB head, 100 headers, 4 MiB body.
        public init(maxHeadBytes: Int = 16 * 1024, maxHeaderCount: Int = 100, maxBodyBytes: Int = 4 * 1024 * 1024) {
            self.maxHeadBytes = maxHeadBytes
            self.maxHeaderCount = maxHeaderCount
            self.maxBodyBytes = maxBodyBytes
        }
    }

    /// Which part of a request the parser is waiting for.
    public enum Phase: Sendable, Equatable {
        /// No byte of the next request has arrived.
        case idle
        /// Some of the request line or headers have arrived.
        case head
        /// The head is complete and the body is being read.
        case body
    }

    /// What `next()` found.
    public enum Outcome: Sendable {
        /// A complete request.
        case request(HTTPRequest)
        /// The buffered bytes do not hold a complete request yet.
        case needMoreData
        /// The input is invalid; answer `error.status` and close.
        case failure(HTTPParseError)
    }

    private enum State: Sendable {
        case head
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers(bytes: Int)
        case failed(HTTPParseError)
    }

    private enum Framing {
        case none
        case length(Int)
        case chunked
    }

    private struct Head: Sendable {
        var method: String
        var target: String
        var path: String
        var version: (major: Int, minor: Int)
        var headers: [(name: String, value: String)]
    }

    private static let maxChunkLineBytes = 4096

    /// The limits this parser enforces.
    public let limits: Limits
    private let remoteAddress: String
    private var buffer: [UInt8] = []
    private var position = 0
    private var scanIndex = 0
    private var state = State.head
    private var head: Head?
    private var body: [UInt8] = []

    /// True when a head with `Expect: 100-continue` is complete, its body is still missing, and
    /// `acknowledgeContinue()` has not been called; the caller should send `100 Continue`.
    public private(set) var awaitingContinue = false

    /// A parser enforcing `limits`; `remoteAddress` is copied into every request it produces.
    public init(limits: Limits = Limits(), remoteAddress: String = "") {
        self.limits = limits
        self.remoteAddress = remoteAddress
    }

    /// Which part of a request the parser is waiting for.
    public var phase: Phase {
        switch state {
        case .head, .failed: position == buffer.count ? .idle : .head
        default: .body
        }
    }

    /// Records that `100 Continue` was sent (or deliberately not sent) for the current request.
    public mutating func acknowledgeContinue() {
        awaitingContinue = false
    }

    /// Appends received bytes.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Appends received bytes.
    public mutating func append(_ bytes: [UInt8]) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    private mutating func compact() {
        guard position > 0, position == buffer.count || position >= 4096 else { return }
        if position == buffer.count {
            // Everything was consumed (the usual case): keep the storage, copy nothing.
            buffer.removeAll(keepingCapacity: true)
        } else {
            buffer.removeSubrange(0..<position)
        }
        scanIndex -= position
        position = 0
    }

    /// Parses as far as the buffered bytes allow and reports the next complete request, a need
    /// for more bytes, or the (sticky) failure.
    public mutating func next() -> Outcome {
        while true {
            switch state {
            case .failed(let error):
                return .failure(error)
            case .head:
                switch scanHead() {
                case .failure(let error): return fail(error)
                case .needMoreData: return .needMoreData
                case .request(let request): return .request(request)
                }
            case .fixedBody(let remaining):
                let take = min(remaining, buffer.count - position)
                body.append(contentsOf: buffer[position..<position + take])
                position += take
                if take == remaining { return complete() }
                state = .fixedBody(remaining: remaining - take)
                return .needMoreData
            case .chunkSize:
                let lineEnd: Int
                switch findLineEnd(from: position) {
                case nil:
                    if buffer.count - position > Self.maxChunkLineBytes { return fail(.invalidChunkSize) }
                    return .needMoreData
                case .failure(let error)?: return fail(error)
                case .success(let end)?: lineEnd = end
                }
                if lineEnd - position > Self.maxChunkLineBytes { return fail(.invalidChunkSize) }
                switch parseChunkSize(position, lineEnd) {
                case .failure(let error): return fail(error)
                case .success(let size):
                    position = lineEnd + 2
                    if size == 0 {
                        state = .trailers(bytes: 0)
                    } else if size > limits.maxBodyBytes - body.count {
                        return fail(.bodyTooLarge)
                    } else {
                        state = .chunkData(remaining: size)
                    }
                }
            case .chunkData(let remaining):
                let take = min(remaining, buffer.count - position)
                body.append(contentsOf: buffer[position..<position + take])
                position += take
                if take < remaining {
                    state = .chunkData(remaining: remaining - take)
                    return .needMoreData
                }
                state = .chunkDataEnd
            case .chunkDataEnd:
                guard buffer.count - position >= 2 else {
                    if buffer.count > position, buffer[position] != cr { return fail(.invalidChunkFraming) }
                    return .needMoreData
                }
                guard buffer[position] == cr, buffer[position + 1] == lf else { return fail(.invalidChunkFraming) }
                position += 2
                state = .chunkSize
            case .trailers(let bytes):
                let lineEnd: Int
                switch findLineEnd(from: position) {
                case nil:
                    if bytes + buffer.count - position > limits.maxHeadBytes { return fail(.headTooLarge) }
                    return .needMoreData
                case .failure(let error)?: return fail(error)
                case .success(let end)?: lineEnd = end
                }
                let total = bytes + lineEnd + 2 - position
                if total > limits.maxHeadBytes { return fail(.headTooLarge) }
                if lineEnd == position {
                    position += 2
                    return complete()
                }
                let check: HTTPParseError? = buffer.withUnsafeBufferPointer { p in
                    Self.validateFieldLine(p, position, lineEnd).error
                }
                if let check { return fail(check == .controlCharacter ? check : .invalidChunkFraming) }
                position = lineEnd + 2
                state = .trailers(bytes: total)
            }
        }
    }

    private mutating func fail(_ error: HTTPParseError) -> Outcome {
        state = .failed(error)
        awaitingContinue = false
        return .failure(error)
    }

    private mutating func complete() -> Outcome {
        guard let head else { return fail(.malformedRequestLine) }
        let request = HTTPRequest(
            method: head.method, target: head.target, path: head.path, version: head.version,
            headers: head.headers, body: body, remoteAddress: remoteAddress)
        body = []
        self.head = nil
        state = .head
        scanIndex = position
        awaitingContinue = false
        return .request(request)
    }

    /// Finds the CR of the next CRLF at or after `start`: nil if no line end yet, a failure for
    /// a bare LF or a CR followed by anything but LF (RFC 9112 §2.2 lets us reject both).
    private func findLineEnd(from start: Int) -> Result<Int, HTTPParseError>? {
        buffer.withUnsafeBufferPointer { p -> Result<Int, HTTPParseError>? in
            var i = start
            while i < p.count {
                if p[i] == lf { return i > start && p[i - 1] == cr ? .success(i - 1) : .failure(.bareLineFeed) }
                if p[i] == cr, i + 1 < p.count, p[i + 1] != lf { return .failure(.bareCarriageReturn) }
                i += 1
            }
            return nil
        }
    }

    private mutating func scanHead() -> Outcome {
        let maxHead = limits.maxHeadBytes
        var start = position
        let found: Result<Int?, HTTPParseError> = buffer.withUnsafeBufferPointer { p in
            var i = scanIndex
            while i < p.count {
                if p[i] == cr, i + 1 < p.count, p[i + 1] != lf { return .failure(.bareCarriageReturn) }
                if p[i] == lf {
                    guard i > start, p[i - 1] == cr else { return .failure(.bareLineFeed) }
                    if i == start + 1 {
                        // An empty line before the request line (RFC 9112 §2.2) is skipped.
                        start = i + 1
                    } else if i >= start + 3, p[i - 2] == lf, p[i - 3] == cr {
                        return .success(i + 1)
                    }
                }
                i += 1
                if i - start > maxHead { return .failure(.headTooLarge) }
            }
            return .success(nil)
        }
        position = start
        switch found {
        case .failure(let error):
            return .failure(error)
        case .success(nil):
            // A CR at the very end is looked at again with the byte after it.
            scanIndex = buffer.last == cr ? buffer.count - 1 : buffer.count
            return .needMoreData
        case .success(let end?):
            let parsed = buffer.withUnsafeBufferPointer { p in
                Self.parseHead(p, position, end, limits)
            }
            position = end
            scanIndex = end
            switch parsed {
            case .failure(let error):
                return .failure(error)
            case .success(let (head, framing, expectsContinue)):
                self.head = head
                switch framing {
                case .none, .length(0):
                    return complete()
                case .length(let length):
                    state = .fixedBody(remaining: length)
                    body.reserveCapacity(length)
                case .chunked:
                    state = .chunkSize
                }
                awaitingContinue = expectsContinue
                return next()
            }
        }
    }

    private func parseChunkSize(_ start: Int, _ end: Int) -> Result<Int, HTTPParseError> {
        buffer.withUnsafeBufferPointer { p in
            var i = start
            var size = 0
            while i < end, let digit = hexValue(p[i]) {
                if i - start == 16 { return .failure(.invalidChunkSize) }
                size = size << 4 | digit
                i += 1
            }
            if i == start || size < 0 { return .failure(.invalidChunkSize) }
            while i < end, p[i] == sp || p[i] == htab { i += 1 }
            if i < end {
                if p[i] != semicolon { return .failure(.invalidChunkSize) }
                while i < end {
                    if isControl(p[i]) && p[i] != htab { return .failure(.controlCharacter) }
                    i += 1
                }
            }
            return .success(size)
        }
    }

    /// Checks one `name: value` line in `[start, end)` and returns the name and trimmed value ranges.
    private static func validateFieldLine(
        _ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int
    ) -> (name: Range<Int>, value: Range<Int>, error: HTTPParseError?) {
        let none = (0..<0, 0..<0)
        if p[start] == sp || p[start] == htab { return (none.0, none.1, .obsoleteLineFolding) }
        var i = start
        while i < end, isTokenByte(p[i]) { i += 1 }
        if i == end { return (none.0, none.1, hasControl(p, start, end) ? .controlCharacter : .invalidHeaderName) }
        if p[i] == sp || p[i] == htab { return (none.0, none.1, .whitespaceBeforeColon) }
        if p[i] != colon || i == start {
            return (none.0, none.1, isControl(p[i]) ? .controlCharacter : .invalidHeaderName)
        }
        let name = start..<i
        i += 1
        if hasControl(p, i, end) { return (none.0, none.1, .controlCharacter) }
        var valueStart = i
        var valueEnd = end
        while valueStart < valueEnd, p[valueStart] == sp || p[valueStart] == htab { valueStart += 1 }
        while valueEnd > valueStart, p[valueEnd - 1] == sp || p[valueEnd - 1] == htab { valueEnd -= 1 }
        return (name, valueStart..<valueEnd, nil)
    }

    private static func parseHead(
        _ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ limits: Limits
    ) -> Result<(Head, Framing, Bool), HTTPParseError> {
        // Request line.
        var lineEnd = start
        while p[lineEnd] != cr || p[lineEnd + 1] != lf { lineEnd += 1 }
        if hasControl(p, start, lineEnd) { return .failure(.controlCharacter) }
        var i = start
        while i < lineEnd, isTokenByte(p[i]) { i += 1 }
        guard i > start, i < lineEnd, p[i] == sp else { return .failure(.malformedRequestLine) }
        let methodRange = start..<i
        i += 1
        let targetStart = i
        while i < lineEnd, p[i] != sp { i += 1 }
        guard i > targetStart, i < lineEnd else { return .failure(.malformedRequestLine) }
        let targetRange = targetStart..<i
        i += 1
        guard lineEnd - i == 8, p[i] == 0x48, p[i + 1] == 0x54, p[i + 2] == 0x54, p[i + 3] == 0x50,
            p[i + 4] == slash, isDigit(p[i + 5]), p[i + 6] == dot, isDigit(p[i + 7])
        else { return .failure(.malformedRequestLine) }
        let version = (major: Int(p[i + 5] - 0x30), minor: Int(p[i + 7] - 0x30))
        guard version.major == 1, version.minor <= 1 else { return .failure(.unsupportedVersion) }

        // Header fields.
        var headers: [(name: String, value: String)] = []
        var contentLength: Int?
        var contentLengthCount = 0
        var transferEncodings: [Range<Int>] = []
        var hostCount = 0
        var expectsContinue = false
        var unsupportedExpectation = false
        var lineStart = lineEnd + 2
        while lineStart < end - 2 {
            lineEnd = lineStart
            while p[lineEnd] != cr || p[lineEnd + 1] != lf { lineEnd += 1 }
            let field = validateFieldLine(p, lineStart, lineEnd)
            if let error = field.error { return .failure(error) }
            if headers.count == limits.maxHeaderCount { return .failure(.tooManyHeaders) }
            let name = field.name
            let value = field.value
            if equalsLowercased(p, name, contentLengthName) {
                contentLengthCount += 1
                guard contentLengthCount == 1 else { return .failure(.duplicateContentLength) }
                guard !value.isEmpty, value.count <= 18, value.allSatisfy({ isDigit(p[$0]) }) else {
                    return .failure(value.contains { p[$0] == comma } ? .duplicateContentLength : .invalidContentLength)
                }
                contentLength = value.reduce(0) { $0 * 10 + Int(p[$1] - 0x30) }
            } else if equalsLowercased(p, name, transferEncodingName) {
                transferEncodings.append(value)
            } else if equalsLowercased(p, name, hostName) {
                hostCount += 1
            } else if equalsLowercased(p, name, expectName), version.minor == 1 {
                if equalsLowercased(p, value, continueValue) {
                    expectsContinue = true
                } else {
                    unsupportedExpectation = true
                }
            }
            headers.append((string(p, name), string(p, value)))
            lineStart = lineEnd + 2
        }

        if hostCount > 1 { return .failure(.duplicateHost) }
        if hostCount == 0, version.minor == 1 { return .failure(.missingHost) }

        var framing = Framing.none
        if !transferEncodings.isEmpty {
            if contentLength != nil { return .failure(.conflictingFraming) }
            if version.minor == 0 { return .failure(.invalidTransferEncoding) }
            if transferEncodings.count == 1, equalsLowercased(p, transferEncodings[0], chunkedValue) {
                framing = .chunked
            } else {
                let wellFormed = transferEncodings.allSatisfy { range in
                    !range.isEmpty
                        && range.allSatisfy { isTokenByte(p[$0]) || p[$0] == comma || p[$0] == sp || p[$0] == htab }
                }
                return .failure(wellFormed ? .unsupportedTransferEncoding : .invalidTransferEncoding)
            }
        } else if let contentLength {
            if contentLength > limits.maxBodyBytes { return .failure(.bodyTooLarge) }
            framing = .length(contentLength)
        }
        if unsupportedExpectation { return .failure(.unsupportedExpectation) }

        guard let path = requestPath(p, targetRange, method: methodRange) else { return .failure(.invalidTarget) }
        let head = Head(
            method: string(p, methodRange), target: string(p, targetRange), path: path, version: version,
            headers: headers)
        let hasBody: Bool
        switch framing {
        case .none, .length(0): hasBody = false
        default: hasBody = true
        }
        return .success((head, framing, expectsContinue && hasBody))
    }

    /// The path of an origin-form, absolute-form or asterisk-form target, or nil if invalid.
    private static func requestPath(_ p: UnsafeBufferPointer<UInt8>, _ target: Range<Int>, method: Range<Int>)
        -> String?
    {
        if target.contains(where: { p[$0] == hash || p[$0] >= 0x7F }) { return nil }
        let first = p[target.lowerBound]
        if first == slash {
            let end = target.first { p[$0] == question } ?? target.upperBound
            return string(p, target.lowerBound..<end)
        }
        if first == asterisk {
            return target.count == 1 && string(p, method) == "OPTIONS" ? "*" : nil
        }
        let schemeLength: Int
        if target.count > httpScheme.utf8CodeUnitCount,
            equalsLowercased(p, target.lowerBound..<target.lowerBound + 7, httpScheme)
        {
            schemeLength = 7
        } else if target.count > httpsScheme.utf8CodeUnitCount,
            equalsLowercased(p, target.lowerBound..<target.lowerBound + 8, httpsScheme)
        {
            schemeLength = 8
        } else {
            return nil
        }
        let authorityStart = target.lowerBound + schemeLength
        let authorityEnd =
            (authorityStart..<target.upperBound).first { p[$0] == slash || p[$0] == question }
            ?? target.upperBound
        if authorityEnd == authorityStart { return nil }
        guard authorityEnd < target.upperBound, p[authorityEnd] == slash else { return "/" }
        let end = (authorityEnd..<target.upperBound).first { p[$0] == question } ?? target.upperBound
        return string(p, authorityEnd..<end)
    }

    private static func string(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: p[range]), as: UTF8.self)
    }

    private static func hasControl(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var i = start
        while i < end {
            if isControl(p[i]) && p[i] != htab { return true }
            i += 1
        }
        return false
    }

    /// True when `p[range]` equals `lowercase` ignoring ASCII case; `lowercase` must be lowercase.
    private static func equalsLowercased(
        _ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ lowercase: StaticString
    ) -> Bool {
        guard range.count == lowercase.utf8CodeUnitCount else { return false }
        let lowercase = lowercase.utf8Start
        var j = 0
        for i in range {
            let b = p[i]
            if (b >= 0x41 && b <= 0x5A ? b | 0x20 : b) != lowercase[j] { return false }
            j += 1
        }
        return true
    }
}

private let cr: UInt8 = 0x0D
private let lf: UInt8 = 0x0A
private let sp: UInt8 = 0x20
private let htab: UInt8 = 0x09
private let colon: UInt8 = 0x3A
private let semicolon: UInt8 = 0x3B
private let comma: UInt8 = 0x2C
private let slash: UInt8 = 0x2F
private let dot: UInt8 = 0x2E
private let hash: UInt8 = 0x23
private let question: UInt8 = 0x3F
private let asterisk: UInt8 = 0x2A
private let contentLengthName: StaticString = "content-length"
private let transferEncodingName: StaticString = "transfer-encoding"
private let hostName: StaticString = "host"
private let expectName: StaticString = "expect"
private let continueValue: StaticString = "100-continue"
private let chunkedValue: StaticString = "chunked"
private let httpScheme: StaticString = "http://"
private let httpsScheme: StaticString = "https://"

/// Whether `b` is a token character of RFC 9110 §5.6.2 (digits, letters and
/// the marks ! # $ % & ' * + - . ^ _ | ~ and the grave accent), by bit masks of bytes 0–63 and
/// 64–127: no table to load.
@inline(__always) private func isTokenByte(_ b: UInt8) -> Bool {
    switch b {
    case 0..<64: (0x03FF_6CFA_0000_0000 as UInt64) >> b & 1 != 0
    case 64..<128: (0x57FF_FFFF_C7FF_FFFE as UInt64) >> (b - 64) & 1 != 0
    default: false
    }
}
@inline(__always) private func isControl(_ b: UInt8) -> Bool { b < 0x20 || b == 0x7F }
@inline(__always) private func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

@inline(__always) private func hexValue(_ b: UInt8) -> Int? {
    switch b {
    case 0x30...0x39: Int(b - 0x30)
    case 0x41...0x46: Int(b - 0x41 + 10)
    case 0x61...0x66: Int(b - 0x61 + 10)
    default: nil
    }
}
