import HTTPServer
import TestSupport
import Testing

/// Requests crafted to smuggle a second request past the framing, or to confuse it: whatever
/// the server answers, a request hidden in a body must never reach the handler.
@Suite struct HostileRequestTests {
    static let smuggling: [String] = [
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 44\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n5c\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n0\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding:\tchunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 40\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +40\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4 0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0x10\r\nGET /smuggled HTTP/1.1\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\nabc\n0\n\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n",
        "POST / HTTP/1.1\nHost: x\nContent-Length: 0\n\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\nX: y\r\n\r\n\rGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n",
        "POST / HTTP/1.0\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n",
    ]

    @Test(arguments: smuggling)
    func aSmuggledRequestNeverReachesTheHandler(request: String) throws {
        let paths = Shared<[String]>([])
        let handler: HTTPHandler = { request, responder in
            paths.update { $0.append(request.path) }
            responder.send(echo(request))
        }
        try withServer(handler: handler) { _, port in
            let client = try RawClient(port: port)
            client.write(request)
            var statuses: [Int] = []
            while let response = client.readResponse() { statuses.append(response.status) }
            #expect(!paths.value.contains("/smuggled"), "answers \(statuses), handler saw \(paths.value)")
            #expect(!statuses.isEmpty || client.isClosedByServer())
        }
    }

    static let malformed: [(String, Int)] = [
        ("GET /\u{1} HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\r\nX-\u{7f}: 1\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\r\n: empty-name\r\n\r\n", 400),
        ("GET  / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3;\u{0}ext\r\nabc\r\n0\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\r\n" + String(repeating: "X-Many: 1\r\n", count: 200) + "\r\n", 431),
        ("GET / HTTP/1.1\r\nHost: x\r\nX-Huge: " + String(repeating: "a", count: 20_000) + "\r\n\r\n", 431),
        ("GET /" + String(repeating: "a", count: 20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 431),
    ]

    @Test(arguments: malformed)
    func malformedHeadsAreRefused(request: String, status: Int) throws {
        let calls = Shared(0)
        let handler: HTTPHandler = { request, responder in
            calls.update { $0 += 1 }
            responder.send(echo(request))
        }
        try withServer(handler: handler) { _, port in
            let client = try RawClient(port: port)
            client.write(request)
            let response = client.readResponse()
            #expect(
                response?.status == status || (response == nil && client.isClosedByServer()),
                "answered \(String(describing: response?.status))")
            #expect(calls.value == 0)
        }
    }

    @Test func aLyingContentLengthLongerThanTheBodyNeverReachesTheHandler() throws {
        let calls = Shared(0)
        let handler: HTTPHandler = { request, responder in
            calls.update { $0 += 1 }
            responder.send(echo(request))
        }
        var configuration = HTTPServer.Configuration()
        configuration.bodyTimeout = 0.3
        try withServer(configuration, handler: handler) { _, port in
            let client = try RawClient(port: port)
            client.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"short\":1}")
            #expect(client.readResponse()?.status == 408)
            #expect(calls.value == 0)
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        try withServer { _, port in
            let client = try RawClient(port: port)
            let requests = (0..<50).map {
                "POST /p\($0) HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n\($0 % 10)\($0 % 10)"
            }.joined()
            client.write(requests)
            for index in 0..<50 {
                #expect(client.readResponse()?.header("X-Path") == "/p\(index)")
            }
        }
    }

    @Test func http10AndAbsoluteFormTargetsAreParsed() throws {
        try withServer { _, port in
            let old = try RawClient(port: port)
            old.write("POST /jivo/t HTTP/1.0\r\nContent-Length: 2\r\n\r\n{}")
            let response = try #require(old.readResponse())
            #expect(response.header("X-Version") == "1.0")
            #expect(old.isClosedByServer())
            let absolute = try RawClient(port: port)
            absolute.write("GET http://evil.example.com/jivo/t?x=1 HTTP/1.1\r\nHost: x\r\n\r\n")
            let answer = try #require(absolute.readResponse())
            #expect(answer.status == 200 ? answer.header("X-Path") == "/jivo/t" : answer.status == 400)
        }
    }

    /// A lone CR line ending is refused with 400 when it arrives, even though no LF (and so no
    /// end of the head) ever comes: with a head timeout far beyond the client's read timeout,
    /// only an immediate answer reaches the client.
    @Test(arguments: ["GET / HTTP/1.1\rHost: x\r", "GET / HTTP/1.1\r\nHost: x\rX-Other: y"])
    func bareCarriageReturnIsRefusedAtOnce(request: String) throws {
        let calls = Shared(0)
        let logged = Shared<[String]>([])
        let configuration = HTTPServer.Configuration(
            headTimeout: 600, log: { line in logged.update { $0.append(line) } })
        let handler: HTTPHandler = { request, responder in
            calls.update { $0 += 1 }
            responder.send(echo(request))
        }
        try withServer(configuration, handler: handler) { server, port in
            let client = try RawClient(port: port, timeout: 20)
            client.write(request)
            let response = try #require(client.readResponse())
            #expect(response.status == 400)
            #expect(logged.value.first?.contains("CR not followed by LF") == true, "log: \(logged.value)")
            #expect(client.isClosedByServer())
            #expect(calls.value == 0)
            #expect(server.statistics.protocolErrors == 1)
            #expect(server.statistics.timeouts == 0)
        }
    }
}
