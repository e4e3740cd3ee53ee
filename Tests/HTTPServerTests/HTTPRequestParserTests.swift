import HTTPServer
import Testing

/// Feeds `input` all at once and collects every outcome until the parser needs more data.
private func parseAll(_ input: String, limits: HTTPRequestParser.Limits = .init()) -> [String] {
    var parser = HTTPRequestParser(limits: limits)
    parser.append(Array(input.utf8))
    return drain(&parser)
}

/// Feeds `input` one byte at a time, collecting every outcome along the way.
private func parseByteByByte(_ input: String, limits: HTTPRequestParser.Limits = .init()) -> [String] {
    var parser = HTTPRequestParser(limits: limits)
    var results: [String] = []
    for byte in input.utf8 {
        parser.append([byte])
        results += drain(&parser)
        if results.last?.hasPrefix("error") == true { break }
    }
    return results
}

private func drain(_ parser: inout HTTPRequestParser) -> [String] {
    var results: [String] = []
    while true {
        switch parser.next() {
        case .request(let request):
            results.append(
                "\(request.method) \(request.target) path=\(request.path) v=\(request.version.major).\(request.version.minor) "
                    + "headers=\(request.headers.map { "\($0.name)=\($0.value)" }.joined(separator: ",")) "
                    + "body=\(String(decoding: request.body, as: UTF8.self))")
        case .needMoreData:
            return results
        case .failure(let error):
            results.append("error \(error.status) \(error)")
            return results
        }
    }
}

private func firstError(_ input: String, limits: HTTPRequestParser.Limits = .init()) -> HTTPParseError? {
    var parser = HTTPRequestParser(limits: limits)
    parser.append(Array(input.utf8))
    while true {
        switch parser.next() {
        case .request: continue
        case .needMoreData: return nil
        case .failure(let error): return error
        }
    }
}

@Suite struct HTTPRequestParserTests {
    @Test func parsesAGetRequest() throws {
        var parser = HTTPRequestParser(remoteAddress: "1.2.3.4:5")
        parser.append(Array("GET /a/b?x=1 HTTP/1.1\r\nHost: h\r\nX-One:  spaced value \t\r\n\r\n".utf8))
        guard case .request(let request) = parser.next() else {
            Issue.record("expected a request")
            return
        }
        #expect(request.method == "GET")
        #expect(request.target == "/a/b?x=1")
        #expect(request.path == "/a/b")
        #expect(request.version == (1, 1))
        #expect(request.headers.map(\.name) == ["Host", "X-One"])
        #expect(request.header("x-one") == "spaced value")
        #expect(request.body.isEmpty)
        #expect(request.remoteAddress == "1.2.3.4:5")
        guard case .needMoreData = parser.next() else {
            Issue.record("expected needMoreData")
            return
        }
        #expect(parser.phase == .idle)
    }

    static let validInputs = [
        "POST /hook HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello",
        "POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n",
        "POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Chunked\r\n\r\nA \r\n0123456789\r\n0\r\n\r\n",
        "GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\n",
        "\r\nGET /after-empty-line HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET http://example.com:8080/x/y?q HTTP/1.1\r\nHost: example.com\r\n\r\n",
        "GET HTTP://example.com HTTP/1.1\r\nHost: example.com\r\n\r\n",
        "OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET //double//slashes/%2e%2e/x HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET /old HTTP/1.0\r\n\r\n",
        "POST /empty HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET /obs-text HTTP/1.1\r\nHost: h\r\nX: caf\u{e9}\r\n\r\n",
    ]

    @Test(arguments: validInputs)
    func byteByByteMatchesAllAtOnce(input: String) {
        let whole = parseAll(input)
        #expect(!whole.isEmpty)
        #expect(!whole.contains { $0.hasPrefix("error") })
        #expect(parseByteByByte(input) == whole)
    }

    @Test func chunkedBodyIsDechunkedAndTrailersDropped() {
        let results = parseAll(Self.validInputs[1])
        #expect(results == ["POST /c path=/c v=1.1 headers=Host=h,Transfer-Encoding=chunked body=hello world"])
    }

    @Test func headerNamesAreMadeOfTokenCharactersOnly() {
        let token = Set(Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!#$%&'*+-.^_`|~".utf8))
        for byte in UInt8.min...UInt8.max where byte != UInt8(ascii: ":") {
            var parser = HTTPRequestParser()
            parser.append(Array("GET / HTTP/1.1\r\nHost: h\r\nX".utf8) + [byte] + Array("Y: v\r\n\r\n".utf8))
            let parsed: Bool
            switch parser.next() {
            case .request: parsed = true
            default: parsed = false
            }
            #expect(parsed == token.contains(byte), "byte \(byte)")
        }
        var parser = HTTPRequestParser()
        parser.append(Array("G{T / HTTP/1.1\r\nHost: h\r\n\r\n".utf8))
        guard case .failure = parser.next() else {
            Issue.record("a method with a non-token character must fail")
            return
        }
    }

    @Test func headersAreFoundByNameLowercasedAsUnicodeText() {
        let request = HTTPRequest(
            method: "POST", target: "/", path: "/",
            headers: [
                ("Content-Encoding", "gzip"), ("content-encoding", "second"), ("\u{212A}ey", "kelvin"),
                ("ÉTAT", "accented"), ("X-Ⅻ", "numeral"),
            ])
        #expect(request.header("content-ENCODING") == "gzip")
        #expect(request.header("Content-Encodin") == nil)
        #expect(request.header("Content-Encoding ") == nil)
        // U+212A KELVIN SIGN lowercases to ASCII "k": found by an ASCII name, as lowercased() finds it.
        #expect(request.header("KEY") == "kelvin")
        #expect(request.header("état") == "accented")
        #expect(request.header("x-ⅻ") == "numeral")
        #expect(request.header("") == nil)
    }

    @Test func pipelinedRequestsComeOutInOrder() {
        let results = parseAll(Self.validInputs[3])
        #expect(results.count == 2)
        #expect(results.first?.hasPrefix("GET /1 ") == true)
        #expect(results.last?.hasPrefix("GET /2 ") == true)
    }

    @Test func targetsKeepTheirBytesAndPathsAreNotDecoded() {
        #expect(parseAll(Self.validInputs[5]).first?.hasPrefix("GET http://example.com:8080/x/y?q path=/x/y ") == true)
        #expect(parseAll(Self.validInputs[6]).first?.contains(" path=/ ") == true)
        #expect(parseAll(Self.validInputs[7]).first?.hasPrefix("OPTIONS * path=* ") == true)
        #expect(parseAll(Self.validInputs[8]).first?.contains(" path=//double//slashes/%2e%2e/x ") == true)
    }

    @Test func postWithoutFramingHasAnEmptyBody() {
        #expect(parseAll(Self.validInputs[10]) == ["POST /empty path=/empty v=1.1 headers=Host=h body="])
    }

    static let invalidInputs: [(String, HTTPParseError)] = [
        ("GET / HTTP/1.1\nHost: h\r\n\r\n", .bareLineFeed),
        ("GET / HTTP/1.1\r\nHost: h\n\r\n", .bareLineFeed),
        ("GET /\0 HTTP/1.1\r\nHost: h\r\n\r\n", .controlCharacter),
        ("GET / HTTP/1.1\r\nHost: h\r\nX: a\0b\r\n\r\n", .controlCharacter),
        ("GET / HTTP/1.1\r\nHost: h\r\nX: a\rb\r\n\r\n", .bareCarriageReturn),
        ("GET / HTTP/1.1\rHost: h\r\n\r\n", .bareCarriageReturn),
        ("GET / HTTP/1.1\r\nHost: h\r\r\n", .bareCarriageReturn),
        ("GET / HTTP/1.1\rHost: h", .bareCarriageReturn),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\rhello", .bareCarriageReturn),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: y\rZ", .bareCarriageReturn),
        ("GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n folded\r\n\r\n", .obsoleteLineFolding),
        ("GET / HTTP/1.1\r\nHost : h\r\n\r\n", .whitespaceBeforeColon),
        ("GET / HTTP/1.1\r\nHo(st: h\r\n\r\n", .invalidHeaderName),
        ("GET / HTTP/1.1\r\n: h\r\n\r\n", .invalidHeaderName),
        ("GET / HTTP/1.1\r\nNoColon\r\n\r\n", .invalidHeaderName),
        ("GET  / HTTP/1.1\r\nHost: h\r\n\r\n", .malformedRequestLine),
        ("GET / HTTP/1.1 \r\nHost: h\r\n\r\n", .malformedRequestLine),
        ("GET /\r\nHost: h\r\n\r\n", .malformedRequestLine),
        ("GET / http/1.1\r\nHost: h\r\n\r\n", .malformedRequestLine),
        ("G@T / HTTP/1.1\r\nHost: h\r\n\r\n", .malformedRequestLine),
        ("GET / HTTP/2.0\r\nHost: h\r\n\r\n", .unsupportedVersion),
        ("GET / HTTP/1.2\r\nHost: h\r\n\r\n", .unsupportedVersion),
        ("GET / HTTP/1.1\r\n\r\n", .missingHost),
        ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", .duplicateHost),
        ("GET * HTTP/1.1\r\nHost: h\r\n\r\n", .invalidTarget),
        ("CONNECT example.com:443 HTTP/1.1\r\nHost: h\r\n\r\n", .invalidTarget),
        ("GET ftp://x/y HTTP/1.1\r\nHost: h\r\n\r\n", .invalidTarget),
        ("GET http:///nohost HTTP/1.1\r\nHost: h\r\n\r\n", .invalidTarget),
        ("GET /a#frag HTTP/1.1\r\nHost: h\r\n\r\n", .invalidTarget),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", .conflictingFraming),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n", .conflictingFraming),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", .duplicateContentLength),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\n", .duplicateContentLength),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3, 3\r\n\r\n", .duplicateContentLength),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: +3\r\n\r\n", .invalidContentLength),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0x10\r\n\r\n", .invalidContentLength),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: \r\n\r\n", .invalidContentLength),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999\r\n\r\n", .invalidContentLength),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", .unsupportedTransferEncoding),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: identity\r\n\r\n", .unsupportedTransferEncoding),
        (
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
            .unsupportedTransferEncoding
        ),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: \"chunked\"\r\n\r\n", .invalidTransferEncoding),
        ("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", .invalidTransferEncoding),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", .invalidChunkSize),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n\r\n", .invalidChunkSize),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n", .invalidChunkSize),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n00000000000000001\r\n", .invalidChunkSize),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\nhello", .bareLineFeed),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n", .invalidChunkFraming),
        (
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nbad trailer\r\n\r\n",
            .invalidChunkFraming
        ),
        ("POST / HTTP/1.1\r\nHost: h\r\nExpect: magic\r\nContent-Length: 1\r\n\r\n", .unsupportedExpectation),
    ]

    @Test(arguments: invalidInputs)
    func rejectsInvalidInput(input: String, expected: HTTPParseError) {
        #expect(firstError(input) == expected)
        let byteByByte = parseByteByByte(input)
        #expect(byteByByte.last == "error \(expected.status) \(expected)")
        #expect(parseAll(input) == byteByByte)
    }

    @Test func errorsCarryTheRightStatus() {
        #expect(HTTPParseError.bareLineFeed.status == 400)
        #expect(HTTPParseError.headTooLarge.status == 431)
        #expect(HTTPParseError.tooManyHeaders.status == 431)
        #expect(HTTPParseError.bodyTooLarge.status == 413)
        #expect(HTTPParseError.unsupportedVersion.status == 505)
        #expect(HTTPParseError.unsupportedTransferEncoding.status == 501)
        #expect(HTTPParseError.unsupportedExpectation.status == 417)
    }

    @Test func enforcesLimits() {
        let limits = HTTPRequestParser.Limits(maxHeadBytes: 100, maxHeaderCount: 3, maxBodyBytes: 10)
        let longHead = "GET /\(String(repeating: "a", count: 200)) HTTP/1.1\r\nHost: h\r\n\r\n"
        #expect(firstError(longHead, limits: limits) == .headTooLarge)
        #expect(firstError("GET /\(String(repeating: "a", count: 200))", limits: limits) == .headTooLarge)
        let manyHeaders = "GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n"
        #expect(firstError(manyHeaders, limits: limits) == .tooManyHeaders)
        #expect(firstError("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n", limits: limits) == .bodyTooLarge)
        let growing = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n5\r\n"
        #expect(firstError(growing, limits: limits) == .bodyTooLarge)
        let exact = "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n0123456789"
        #expect(firstError(exact, limits: limits) == nil)
    }

    /// A CR that ends one read is judged when the next byte arrives, not at the end of the head.
    @Test func bareCarriageReturnSplitAcrossReadsFailsOnTheNextByte() {
        var parser = HTTPRequestParser()
        parser.append(Array("GET / HTTP/1.1\r".utf8))
        guard case .needMoreData = parser.next() else {
            Issue.record("a CR alone at the end must wait for the next byte")
            return
        }
        parser.append(Array("Host: h".utf8))
        guard case .failure(.bareCarriageReturn) = parser.next() else {
            Issue.record("expected the bare CR failure as soon as the byte after it arrived")
            return
        }
    }

    @Test func errorsAreSticky() {
        var parser = HTTPRequestParser()
        parser.append(Array("GET / HTTP/1.1\nHost: h\r\n\r\n".utf8))
        guard case .failure(.bareLineFeed) = parser.next() else {
            Issue.record("expected bare LF failure")
            return
        }
        parser.append(Array("GET / HTTP/1.1\r\nHost: h\r\n\r\n".utf8))
        guard case .failure(.bareLineFeed) = parser.next() else {
            Issue.record("expected the failure to stick")
            return
        }
    }

    @Test func tracksPhaseAndExpectContinue() {
        var parser = HTTPRequestParser()
        #expect(parser.phase == .idle)
        parser.append(Array("POST / HTTP/1.1\r\nHost: h\r\n".utf8))
        _ = parser.next()
        #expect(parser.phase == .head)
        parser.append(Array("Expect: 100-continue\r\nContent-Length: 2\r\n\r\n".utf8))
        guard case .needMoreData = parser.next() else {
            Issue.record("expected needMoreData before the body")
            return
        }
        #expect(parser.phase == .body)
        #expect(parser.awaitingContinue)
        parser.acknowledgeContinue()
        #expect(!parser.awaitingContinue)
        parser.append(Array("ok".utf8))
        guard case .request(let request) = parser.next() else {
            Issue.record("expected the request")
            return
        }
        #expect(request.body == Array("ok".utf8))
        #expect(parser.phase == .idle)
    }

    @Test func expectContinueIsIgnoredOnHTTP10() {
        var parser = HTTPRequestParser()
        parser.append(Array("POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n".utf8))
        _ = parser.next()
        #expect(!parser.awaitingContinue)
    }

    @Test func keepAliveFollowsVersionAndConnectionHeader() {
        #expect(HTTPRequest(method: "GET", target: "/", path: "/").keepAlive)
        #expect(!HTTPRequest(method: "GET", target: "/", path: "/", headers: [("Connection", "Close")]).keepAlive)
        #expect(!HTTPRequest(method: "GET", target: "/", path: "/", version: (1, 0)).keepAlive)
        #expect(
            HTTPRequest(method: "GET", target: "/", path: "/", version: (1, 0), headers: [("connection", "keep-alive")])
                .keepAlive)
    }
}
