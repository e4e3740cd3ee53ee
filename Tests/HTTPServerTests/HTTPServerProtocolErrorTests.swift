import HTTPServer
import TestSupport
import Testing

@Suite struct HTTPServerProtocolErrorTests {
    static let badRequests: [(String, Int)] = [
        ("GET / HTTP/1.1\nHost: x\n\n", 400),
        ("GET /\0 HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\r\nX: a\0b\r\n\r\n", 400),
        ("GARBAGE\r\n\r\n", 400),
        ("GET / HTTP/1.1 extra\r\nHost: x\r\n\r\n", 400),
        ("GET / HTTP/3.0\r\nHost: x\r\n\r\n", 505),
        ("GET / HTTP/1.1\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\r\nX: a\r\n b\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\r\nBad Name: v\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 5\r\n\r\nabc", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcde\r\n", 400),
        ("GET * HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("GET example.com HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    ]

    @Test(arguments: badRequests)
    func answersTheErrorAndCloses(request: String, status: Int) throws {
        let logged = Shared<[String]>([])
        let calls = Shared(0)
        let configuration = HTTPServer.Configuration(log: { line in logged.update { $0.append(line) } })
        let handler: HTTPHandler = { request, responder in
            calls.update { $0 += 1 }
            responder.send(echo(request))
        }
        try withServer(configuration, handler: handler) { server, port in
            let client = try RawClient(port: port)
            client.write(request)
            let response = try #require(client.readResponse())
            #expect(response.status == status)
            #expect(response.header("Connection") == "close")
            #expect(client.isClosedByServer())
            #expect(calls.value == 0)
            #expect(server.statistics.protocolErrors == 1)
            #expect(logged.value.count == 1)
            #expect(logged.value.first?.hasPrefix("HTTP \(status) ") == true)
        }
    }

    @Test func errorAfterAValidPipelinedRequestComesAfterItsResponse() throws {
        try withServer { _, port in
            let client = try RawClient(port: port)
            client.write("GET /ok HTTP/1.1\r\nHost: x\r\n\r\nGET /bad HTTP/1.1\nHost: x\n\n")
            #expect(client.readResponse()?.header("X-Path") == "/ok")
            #expect(client.readResponse()?.status == 400)
            #expect(client.isClosedByServer())
        }
    }

    @Test func logNeverContainsTheTargetOrBody() throws {
        let logged = Shared<[String]>([])
        let configuration = HTTPServer.Configuration(
            maxBodyBytes: 8, log: { line in logged.update { $0.append(line) } })
        try withServer(configuration) { _, port in
            let first = try RawClient(port: port)
            first.write("GET /hook/SECRET-TOKEN HTTP/1.1\nHost: x\n\n")
            #expect(first.readResponse()?.status == 400)
            let second = try RawClient(port: port)
            second.write(
                "POST /hook/SECRET-TOKEN HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nPERSONAL-DATA-XX\r\n"
            )
            #expect(second.readResponse()?.status == 413)
            #expect(logged.value.count == 2)
            #expect(!logged.value.contains { $0.contains("SECRET") || $0.contains("PERSONAL") })
        }
    }
}
