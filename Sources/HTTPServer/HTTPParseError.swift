/// Why a request could not be parsed, and the status the server answers with before closing.
public struct HTTPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Reason: Sendable, Equatable {
        case bareLineFeed
        case bareCarriageReturn
        case controlCharacter
        case malformedRequestLine
        case invalidTarget
        case unsupportedVersion
        case obsoleteLineFolding
        case invalidHeaderName
        case whitespaceBeforeColon
        case headTooLarge
        case tooManyHeaders
        case missingHost
        case duplicateHost
        case invalidContentLength
        case duplicateContentLength
        case conflictingFraming
        case unsupportedTransferEncoding
        case invalidTransferEncoding
        case unsupportedExpectation
        case invalidChunkSize
        case invalidChunkFraming
        case bodyTooLarge
    }

    private let reason: Reason

    private init(_ reason: Reason) { self.reason = reason }

    /// A line ended in LF without the CR before it.
    public static var bareLineFeed: HTTPParseError { HTTPParseError(.bareLineFeed) }
    /// A CR not followed by LF (a bare CR line ending).
    public static var bareCarriageReturn: HTTPParseError { HTTPParseError(.bareCarriageReturn) }
    /// A NUL, CR or other control byte appeared in the request line or a header field.
    public static var controlCharacter: HTTPParseError { HTTPParseError(.controlCharacter) }
    /// The request line is not `METHOD SP target SP HTTP/x.y`.
    public static var malformedRequestLine: HTTPParseError { HTTPParseError(.malformedRequestLine) }
    /// The request target is not origin-form, absolute-form, or `*` on OPTIONS.
    public static var invalidTarget: HTTPParseError { HTTPParseError(.invalidTarget) }
    /// The version is well-formed but not HTTP/1.0 or HTTP/1.1.
    public static var unsupportedVersion: HTTPParseError { HTTPParseError(.unsupportedVersion) }
    /// A header line starts with whitespace (obsolete line folding).
    public static var obsoleteLineFolding: HTTPParseError { HTTPParseError(.obsoleteLineFolding) }
    /// A header name is empty or contains a byte that is not a token character.
    public static var invalidHeaderName: HTTPParseError { HTTPParseError(.invalidHeaderName) }
    /// Whitespace appeared between a header name and its colon.
    public static var whitespaceBeforeColon: HTTPParseError { HTTPParseError(.whitespaceBeforeColon) }
    /// The request line and headers together exceed the configured head size limit.
    public static var headTooLarge: HTTPParseError { HTTPParseError(.headTooLarge) }
    /// The request has more header fields than the configured limit.
    public static var tooManyHeaders: HTTPParseError { HTTPParseError(.tooManyHeaders) }
    /// An HTTP/1.1 request has no Host header.
    public static var missingHost: HTTPParseError { HTTPParseError(.missingHost) }
    /// The request has more than one Host header.
    public static var duplicateHost: HTTPParseError { HTTPParseError(.duplicateHost) }
    /// A Content-Length value is not a plain decimal number.
    public static var invalidContentLength: HTTPParseError { HTTPParseError(.invalidContentLength) }
    /// The request has more than one Content-Length header, or a comma-separated list in one.
    public static var duplicateContentLength: HTTPParseError { HTTPParseError(.duplicateContentLength) }
    /// The request has both Transfer-Encoding and Content-Length.
    public static var conflictingFraming: HTTPParseError { HTTPParseError(.conflictingFraming) }
    /// Transfer-Encoding lists codings other than exactly `chunked`.
    public static var unsupportedTransferEncoding: HTTPParseError { HTTPParseError(.unsupportedTransferEncoding) }
    /// Transfer-Encoding is not a valid list of coding names, or was sent with HTTP/1.0.
    public static var invalidTransferEncoding: HTTPParseError { HTTPParseError(.invalidTransferEncoding) }
    /// The request carries an Expect header other than `100-continue`.
    public static var unsupportedExpectation: HTTPParseError { HTTPParseError(.unsupportedExpectation) }
    /// A chunk-size line is not 1 to 16 hex digits optionally followed by extensions.
    public static var invalidChunkSize: HTTPParseError { HTTPParseError(.invalidChunkSize) }
    /// Chunk data is not followed by CRLF, or a trailer line is malformed.
    public static var invalidChunkFraming: HTTPParseError { HTTPParseError(.invalidChunkFraming) }
    /// The body (declared or de-chunked so far) exceeds the configured body size limit.
    public static var bodyTooLarge: HTTPParseError { HTTPParseError(.bodyTooLarge) }

    /// The status code the server answers with.
    public var status: Int {
        switch reason {
        case .headTooLarge, .tooManyHeaders: 431
        case .bodyTooLarge: 413
        case .unsupportedVersion: 505
        case .unsupportedTransferEncoding: 501
        case .unsupportedExpectation: 417
        default: 400
        }
    }

    /// What went wrong, and what the client must do instead.
    public var description: String {
        switch reason {
        case .bareLineFeed: "line ended in bare LF; the client must end lines with CRLF"
        case .bareCarriageReturn: "CR not followed by LF; the client must end lines with CRLF"
        case .controlCharacter:
            "control byte in request line or header field; the client must send only visible ASCII, space and tab"
        case .malformedRequestLine:
            "request line is not 'METHOD SP target SP HTTP/x.y'; the client must send a well-formed request line"
        case .invalidTarget:
            "request target is not origin-form or absolute-form ('*' only with OPTIONS); send '/path' or 'http://host/path'"
        case .unsupportedVersion: "HTTP version not supported; the client must use HTTP/1.0 or HTTP/1.1"
        case .obsoleteLineFolding: "header line starts with whitespace (obs-fold); the client must not fold headers"
        case .invalidHeaderName: "header name is not a token; the client must send 'Name: value' with a token name"
        case .whitespaceBeforeColon:
            "whitespace before a header colon; the client must put the colon right after the name"
        case .headTooLarge: "request head too large; the client must send a shorter request line and fewer header bytes"
        case .tooManyHeaders: "too many header fields; the client must send fewer headers"
        case .missingHost: "HTTP/1.1 request without Host; the client must send a Host header"
        case .duplicateHost: "more than one Host header; the client must send exactly one"
        case .invalidContentLength: "Content-Length is not a decimal number; the client must send digits only"
        case .duplicateContentLength: "more than one Content-Length value; the client must send exactly one"
        case .conflictingFraming:
            "both Transfer-Encoding and Content-Length; the client must frame the body with only one of them"
        case .unsupportedTransferEncoding:
            "Transfer-Encoding other than 'chunked'; the client must use chunked or Content-Length"
        case .invalidTransferEncoding:
            "malformed Transfer-Encoding or Transfer-Encoding on HTTP/1.0; the client must send 'chunked' on HTTP/1.1"
        case .unsupportedExpectation: "Expect other than 100-continue; the client must drop the expectation"
        case .invalidChunkSize: "chunk size is not 1 to 16 hex digits; the client must send valid chunked framing"
        case .invalidChunkFraming:
            "chunk data not followed by CRLF or malformed trailer; the client must send valid chunked framing"
        case .bodyTooLarge: "request body exceeds the size limit; the client must send a smaller body"
        }
    }
}
