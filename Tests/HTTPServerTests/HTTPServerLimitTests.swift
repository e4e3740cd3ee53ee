import Glibc
import HTTPServer
import TestSupport
import Testing

@Suite struct HTTPServerLimitTests {
    @Test func rejectsADeclaredBodyOverTheLimitBeforeReadingIt() throws {
        let calls = Shared(0)
        let handler: HTTPHandler = { request, responder in
            calls.update { $0 += 1 }
            responder.send(echo(request))
        }
        try withServer(HTTPServer.Configuration(maxBodyBytes: 1024), handler: handler) { _, port in
            let client = try RawClient(port: port)
            client.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1025\r\n\r\n")
            let response = try #require(client.readResponse())
            #expect(response.status == 413)
            #expect(response.header("Connection") == "close")
            #expect(client.isClosedByServer())
            #expect(calls.value == 0)
        }
    }

    @Test func acceptsABodyExactlyAtTheLimit() throws {
        try withServer(HTTPServer.Configuration(maxBodyBytes: 1024)) { _, port in
            let client = try RawClient(port: port)
            client.write(
                "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1024\r\n\r\n" + String(repeating: "b", count: 1024))
            let response = try #require(client.readResponse())
            #expect(response.status == 200)
            #expect(response.body.count == 1024)
        }
    }

    @Test func rejectsAChunkedBodyThatGrowsOverTheLimit() throws {
        try withServer(HTTPServer.Configuration(maxBodyBytes: 1024)) { _, port in
            let client = try RawClient(port: port)
            let chunk = "200\r\n" + String(repeating: "c", count: 512) + "\r\n"
            client.write("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk + chunk + chunk)
            let response = try #require(client.readResponse())
            #expect(response.status == 413)
            #expect(client.isClosedByServer())
        }
    }

    @Test func rejectsAnOversizedHead() throws {
        try withServer(HTTPServer.Configuration(maxHeadBytes: 1024)) { _, port in
            let client = try RawClient(port: port)
            client.write("GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "h", count: 2000))\r\n\r\n")
            let response = try #require(client.readResponse())
            #expect(response.status == 431)
            #expect(client.isClosedByServer())
        }
    }

    @Test func rejectsTooManyHeaders() throws {
        try withServer(HTTPServer.Configuration(maxHeaderCount: 10)) { _, port in
            let client = try RawClient(port: port)
            let headers = (0..<11).map { "X-\($0): v\r\n" }.joined()
            client.write("GET / HTTP/1.1\r\nHost: x\r\n\(headers)\r\n")
            let response = try #require(client.readResponse())
            #expect(response.status == 431)
            #expect(client.isClosedByServer())
        }
    }

    @Test func answers503BeyondMaxConnections() throws {
        try withServer(HTTPServer.Configuration(maxConnections: 2)) { server, port in
            let first = try RawClient(port: port)
            let second = try RawClient(port: port)
            for client in [first, second] {
                client.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                #expect(client.readResponse()?.status == 200)
            }
            let third = try RawClient(port: port)
            let response = try #require(third.readResponse())
            #expect(response.status == 503)
            #expect(response.header("Connection") == "close")
            #expect(!response.body.isEmpty)
            #expect(third.isClosedByServer())
            #expect(server.statistics.rejectedConnections == 1)
            first.write("GET /still HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(first.readResponse()?.header("X-Path") == "/still")
        }
    }

    @Test func closesASlowlorisWhileServingOthers() throws {
        let configuration = HTTPServer.Configuration(headTimeout: 0.3)
        try withServer(configuration) { server, port in
            let slow = try RawClient(port: port)
            let head = Array(
                "GET /slow HTTP/1.1\r\nHost: x\r\nX-Padding: \(String(repeating: "p", count: 100))\r\n\r\n".utf8)
            let stop = Shared(false)
            let slowFD = slow.fd
            runOnThread {
                for byte in head {
                    if stop.value { return }
                    var value = byte
                    if send(slowFD, &value, 1, Int32(MSG_NOSIGNAL)) != 1 { return }
                    usleep(50_000)
                }
            }
            defer { stop.update { $0 = true } }
            let normal = try RawClient(port: port)
            normal.write("GET /normal HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(normal.readResponse()?.header("X-Path") == "/normal")
            let response = try #require(slow.readResponse())
            #expect(response.status == 408)
            #expect(slow.isClosedByServer())
            #expect(server.statistics.timeouts == 1)
            #expect(server.statistics.requestsServed == 1)
        }
    }

    @Test func answers408WhenTheBodyStalls() throws {
        try withServer(HTTPServer.Configuration(bodyTimeout: 0.2)) { _, port in
            let client = try RawClient(port: port)
            client.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")
            #expect(client.readResponse()?.status == 408)
            #expect(client.isClosedByServer())
        }
    }

    @Test func idleConnectionsAreClosedQuietly() throws {
        try withServer(HTTPServer.Configuration(idleTimeout: 0.2)) { server, port in
            let client = try RawClient(port: port)
            client.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(client.readResponse()?.status == 200)
            #expect(client.isClosedByServer())
            #expect(eventually(attempts: 1000, every: 5_000) { server.statistics.openConnections == 0 })
            #expect(server.statistics.protocolErrors == 0)
        }
    }

    @Test func aBodyCutShortByTheClientNeverReachesTheHandler() throws {
        let calls = Shared(0)
        let handler: HTTPHandler = { request, responder in
            calls.update { $0 += 1 }
            responder.send(echo(request))
        }
        try withServer(handler: handler) { server, port in
            do {
                let client = try RawClient(port: port)
                client.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly a few bytes")
                client.shutdownWrite()
                #expect(client.isClosedByServer())
            }
            #expect(eventually(attempts: 1000, every: 5_000) { server.statistics.openConnections == 0 })
            #expect(calls.value == 0)
            #expect(server.statistics.requestsServed == 0)
        }
    }

    @Test func holdsOverAThousandIdleConnections() throws {
        try withServer { server, port in
            let clients = try (0..<1100).map { _ in try RawClient(port: port) }
            #expect(eventually(attempts: 1000, every: 5_000) { server.statistics.openConnections == 1100 })
            for client in [clients[0], clients[1099]] {
                client.write("GET /alive HTTP/1.1\r\nHost: x\r\n\r\n")
                #expect(client.readResponse()?.header("X-Path") == "/alive")
            }
        }
    }

    @Test func closesAClientThatStopsReading() throws {
        let big = [UInt8](repeating: 0x61, count: 32 << 20)
        let handler: HTTPHandler = { _, responder in responder.send(HTTPResponse(status: 200, body: big)) }
        try withServer(HTTPServer.Configuration(writeTimeout: 0.2), handler: handler) { server, port in
            let client = try RawClient(port: port)
            client.write("GET /big HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(eventually(attempts: 1000, every: 5_000) { server.statistics.timeouts == 1 })
            #expect(eventually(attempts: 1000, every: 5_000) { server.statistics.openConnections == 0 })
        }
    }
}
