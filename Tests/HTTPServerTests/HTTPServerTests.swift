import Glibc
import HTTPServer
import TestSupport
import Testing

@Suite struct HTTPServerTests {
    @Test func answersABasicRequest() throws {
        try withServer { server, port in
            let client = try RawClient(port: port)
            client.write("POST /hook?token=abc HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")
            let response = try #require(client.readResponse())
            #expect(response.status == 200)
            #expect(response.body == "hello")
            #expect(response.header("X-Method") == "POST")
            #expect(response.header("X-Path") == "/hook")
            #expect(response.header("X-Target") == "/hook?token=abc")
            #expect(response.header("Content-Length") == "5")
            #expect(response.header("Connection") == "keep-alive")
            #expect(server.statistics.requestsServed == 1)
            #expect(server.statistics.openConnections == 1)
        }
    }

    @Test func servesSeveralRequestsOnOneKeepAliveConnection() throws {
        try withServer { server, port in
            let client = try RawClient(port: port)
            for index in 0..<5 {
                client.write("GET /\(index) HTTP/1.1\r\nHost: x\r\n\r\n")
                let response = try #require(client.readResponse())
                #expect(response.header("X-Path") == "/\(index)")
            }
            #expect(server.statistics.acceptedConnections == 1)
            #expect(server.statistics.requestsServed == 5)
        }
    }

    @Test func pipelinedResponsesStayInOrderWhenAnsweredOutOfOrderInTime() throws {
        let calls = Shared(0)
        // The first request is answered last in time, from another thread.
        let delays = ["/a": 0.3, "/b": 0.0, "/c": 0.1]
        let handler: HTTPHandler = { request, responder in
            calls.update { $0 += 1 }
            runOnThread(after: delays[request.path] ?? 0) { responder.send(echo(request)) }
        }
        try withServer(handler: handler) { _, port in
            let client = try RawClient(port: port)
            client.write(
                "GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\nGET /c HTTP/1.1\r\nHost: x\r\n\r\n"
            )
            let paths = (0..<3).map { _ in client.readResponse()?.header("X-Path") }
            #expect(paths == ["/a", "/b", "/c"])
            #expect(calls.value == 3)
        }
    }

    @Test func dispatchesThePipelinedRequestOnlyAfterThePreviousResponse() throws {
        let inFlight = Shared(0)
        let maxInFlight = Shared(0)
        let handler: HTTPHandler = { request, responder in
            inFlight.update { $0 += 1 }
            maxInFlight.update { $0 = max($0, inFlight.value) }
            runOnThread(after: 0.05) {
                inFlight.update { $0 -= 1 }
                responder.send(echo(request))
            }
        }
        try withServer(handler: handler) { _, port in
            let client = try RawClient(port: port)
            client.write(String(repeating: "GET /p HTTP/1.1\r\nHost: x\r\n\r\n", count: 4))
            for _ in 0..<4 { #expect(client.readResponse()?.status == 200) }
            #expect(maxInFlight.value == 1)
        }
    }

    @Test func dechunksRequestBodies() throws {
        try withServer { _, port in
            let client = try RawClient(port: port)
            client.write("POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4;note=x\r\nWiki\r\n")
            client.write("5\r\npedia\r\n0\r\nX-Trailer: dropped\r\n\r\n")
            let response = try #require(client.readResponse())
            #expect(response.status == 200)
            #expect(response.body == "Wikipedia")
        }
    }

    @Test func sendsContinueBeforeReadingTheBody() throws {
        try withServer { _, port in
            let client = try RawClient(port: port)
            client.write("POST /e HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
            let interim = try #require(client.readResponse())
            #expect(interim.status == 100)
            client.write("body")
            let response = try #require(client.readResponse())
            #expect(response.status == 200)
            #expect(response.body == "body")
        }
    }

    @Test func refusesAnOversizedExpectContinueStraightAway() throws {
        try withServer(HTTPServer.Configuration(maxBodyBytes: 100)) { _, port in
            let client = try RawClient(port: port)
            client.write("POST /e HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 101\r\n\r\n")
            let response = try #require(client.readResponse())
            #expect(response.status == 413)
            #expect(response.header("Connection") == "close")
            #expect(client.isClosedByServer())
        }
    }

    @Test func http10ClosesUnlessKeepAliveIsAsked() throws {
        try withServer { _, port in
            let plain = try RawClient(port: port)
            plain.write("GET /old HTTP/1.0\r\n\r\n")
            let first = try #require(plain.readResponse())
            #expect(first.status == 200)
            #expect(first.header("X-Version") == "1.0")
            #expect(first.header("Connection") == "close")
            #expect(plain.isClosedByServer())

            let keeping = try RawClient(port: port)
            for _ in 0..<2 {
                keeping.write("GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                let response = try #require(keeping.readResponse())
                #expect(response.header("Connection") == "keep-alive")
            }
        }
    }

    @Test func honoursConnectionClose() throws {
        try withServer { _, port in
            let client = try RawClient(port: port)
            client.write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            let response = try #require(client.readResponse())
            #expect(response.header("Connection") == "close")
            #expect(client.isClosedByServer())
        }
    }

    @Test func answersEverythingAHalfClosedClientPipelined() throws {
        try withServer { _, port in
            let client = try RawClient(port: port)
            client.write("GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n")
            client.shutdownWrite()
            let first = try #require(client.readResponse())
            #expect(first.header("X-Path") == "/1")
            let second = try #require(client.readResponse())
            #expect(second.header("X-Path") == "/2")
            #expect(client.isClosedByServer())
        }
    }

    @Test func acceptsAbsoluteFormAndLeavesPathsUndecoded() throws {
        try withServer { _, port in
            let client = try RawClient(port: port)
            client.write("GET http://example.com/hooks/abc?x=1 HTTP/1.1\r\nHost: example.com\r\n\r\n")
            #expect(client.readResponse()?.header("X-Path") == "/hooks/abc")
            client.write("GET //double//slashes HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(client.readResponse()?.header("X-Path") == "//double//slashes")
            client.write("GET /hooks/%2e%2e/%2E%2E/secret HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(client.readResponse()?.header("X-Path") == "/hooks/%2e%2e/%2E%2E/secret")
        }
    }

    @Test func headResponsesCarryLengthButNoBody() throws {
        let handler: HTTPHandler = { _, responder in
            responder.send(HTTPResponse(status: 200, body: Array("twelve bytes".utf8)))
        }
        try withServer(handler: handler) { _, port in
            let client = try RawClient(port: port)
            client.write("HEAD / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n")
            let head = try #require(client.readResponse(bodyExpected: false))
            #expect(head.header("Content-Length") == "12")
            #expect(head.body.isEmpty)
            #expect(client.readResponse()?.body == "twelve bytes")
        }
    }

    @Test func serverOwnsTheFramingHeaders() throws {
        let handler: HTTPHandler = { _, responder in
            responder.send(
                HTTPResponse(
                    status: 201,
                    headers: [
                        ("Content-Length", "999"), ("Transfer-Encoding", "chunked"), ("Connection", "close"),
                        ("X-Injected", "a\r\nSet-Cookie: evil"), ("X-Fine", "yes"),
                    ], body: Array("ok".utf8)))
        }
        try withServer(handler: handler) { _, port in
            let client = try RawClient(port: port)
            client.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            let response = try #require(client.readResponse())
            #expect(response.status == 201)
            #expect(response.body == "ok")
            #expect(response.headers.filter { $0.name.lowercased() == "content-length" }.map(\.value) == ["2"])
            #expect(response.header("Transfer-Encoding") == nil)
            #expect(response.header("Connection") == "keep-alive")
            #expect(response.header("X-Injected") == nil)
            #expect(response.header("Set-Cookie") == nil)
            #expect(response.header("X-Fine") == "yes")
        }
    }

    @Test(.enabled(if: hasIPv6Loopback(), "this machine has no IPv6 loopback"))
    func respondsOnIPv6Loopback() throws {
        try withServer(HTTPServer.Configuration(host: "::1")) { _, port in
            let client = try RawClient(port: port, host: "::1")
            client.write("GET /six HTTP/1.1\r\nHost: x\r\n\r\n")
            let response = try #require(client.readResponse())
            #expect(response.header("X-Path") == "/six")
        }
    }

    @Test func rejectsAnInvalidHost() {
        let server = HTTPServer(configuration: HTTPServer.Configuration(host: "localhost"), handler: echoHandler)
        #expect(throws: HTTPServerError.invalidHost("localhost")) { try server.start() }
    }

    @Test func saysWhenAnotherSocketHoldsTheAddress() throws {
        try withServer { _, port in
            let second = HTTPServer(configuration: HTTPServer.Configuration(port: port), handler: echoHandler)
            let error = try #require(throws: HTTPServerError.self) { try second.start() }
            #expect(error.isAddressInUse)
            #expect(error.description.hasPrefix("bind 127.0.0.1:\(port) failed: "))
        }
        #expect(!HTTPServerError.invalidHost("localhost").isAddressInUse)
        #expect(!HTTPServerError.systemCallFailed(call: "listen", errno: EADDRINUSE).isAddressInUse)
        #expect(!HTTPServerError.systemCallFailed(call: "bind 127.0.0.1:1", errno: EACCES).isAddressInUse)
    }
}

/// True when a socket can bind to ::1.
private func hasIPv6Loopback() -> Bool {
    let fd = socket(AF_INET6, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var address = sockaddr_in6()
    address.sin6_family = sa_family_t(AF_INET6)
    address.sin6_addr = in6addr_loopback
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) == 0
        }
    }
}
