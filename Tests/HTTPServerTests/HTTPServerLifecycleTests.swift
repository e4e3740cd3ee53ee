import Glibc
import HTTPServer
import TestSupport
import Testing

@Suite struct HTTPServerLifecycleTests {
    @Test func stopLetsAnInFlightRequestFinishThenRefusesConnections() throws {
        let received = Shared(false)
        let handler: HTTPHandler = { request, responder in
            received.update { $0 = true }
            runOnThread(after: 0.3) { responder.send(echo(request)) }
        }
        let server = HTTPServer(configuration: HTTPServer.Configuration(), handler: handler)
        let port = try server.start()
        let client = try RawClient(port: port)
        let idle = try RawClient(port: port)
        client.write("POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi")
        #expect(eventually(attempts: 1000, every: 5_000) { received.value })
        let stopped = Shared(false)
        runOnThread {
            server.stop(grace: 10)
            stopped.update { $0 = true }
        }
        #expect(idle.isClosedByServer())
        let response = try #require(client.readResponse())
        #expect(response.status == 200)
        #expect(response.body == "hi")
        #expect(response.header("Connection") == "close")
        #expect(client.isClosedByServer())
        #expect(eventually(attempts: 1000, every: 5_000) { stopped.value })
        #expect(throws: RawClient.Failure.self) { _ = try RawClient(port: port) }
        server.stop(grace: 1)
    }

    @Test func stopGivesUpAfterTheGracePeriod() throws {
        let handler: HTTPHandler = { _, _ in }
        let server = HTTPServer(configuration: HTTPServer.Configuration(), handler: handler)
        let port = try server.start()
        let client = try RawClient(port: port)
        client.write("GET /never HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(eventually(attempts: 1000, every: 5_000) { server.statistics.openConnections == 1 })
        server.stop(grace: 0.1)
        #expect(client.isClosedByServer())
        #expect(server.statistics.openConnections == 0)
    }

    @Test func stopFromTheHandlerDoesNotDeadlock() throws {
        let holder = Shared<HTTPServer?>(nil)
        let handler: HTTPHandler = { request, responder in
            responder.send(echo(request))
            holder.value?.stop(grace: 1)
        }
        let server = HTTPServer(configuration: HTTPServer.Configuration(), handler: handler)
        holder.update { $0 = server }
        let port = try server.start()
        let client = try RawClient(port: port)
        client.write("GET /last HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try #require(client.readResponse())
        #expect(response.header("X-Path") == "/last")
        #expect(client.isClosedByServer())
        holder.update { $0 = nil }
    }

    @Test func startTwiceIsAnError() throws {
        let server = HTTPServer(configuration: HTTPServer.Configuration(), handler: echoHandler)
        _ = try server.start()
        defer { server.stop(grace: 0) }
        #expect(throws: HTTPServerError.alreadyStarted) { try server.start() }
    }

    @Test func aResponderCalledTwiceSendsOnce() throws {
        let handler: HTTPHandler = { request, responder in
            responder.send(echo(request))
            responder.send(HTTPResponse(status: 500, body: Array("duplicate".utf8)))
            runOnThread(after: 0.05) { responder.send(HTTPResponse(status: 500, body: Array("late".utf8))) }
        }
        try withServer(handler: handler) { server, port in
            let client = try RawClient(port: port)
            for path in ["/one", "/two"] {
                client.write("GET \(path) HTTP/1.1\r\nHost: x\r\n\r\n")
                let response = try #require(client.readResponse())
                #expect(response.status == 200)
                #expect(response.header("X-Path") == path)
            }
            usleep(100_000)
            client.write("GET /three HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(client.readResponse()?.header("X-Path") == "/three")
            #expect(server.statistics.requestsServed == 3)
        }
    }

    @Test func aResponderWhoseClientHungUpIsHarmless() throws {
        let parked = Shared<[any HTTPResponder]>([])
        let handler: HTTPHandler = { request, responder in
            if request.path == "/park" {
                parked.update { $0.append(responder) }
            } else {
                responder.send(echo(request))
            }
        }
        try withServer(handler: handler) { server, port in
            do {
                let client = try RawClient(port: port)
                client.write("GET /park HTTP/1.1\r\nHost: x\r\n\r\n")
                #expect(eventually(attempts: 1000, every: 5_000) { parked.value.count == 1 })
            }
            parked.value.first?.send(HTTPResponse(status: 200, body: Array("nobody listens".utf8)))
            #expect(eventually(attempts: 1000, every: 5_000) { server.statistics.openConnections == 0 })
            let next = try RawClient(port: port)
            next.write("GET /fresh HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(next.readResponse()?.header("X-Path") == "/fresh")
        }
    }

    @Test func aResponderOutlivingItsConnectionCannotAnswerANewOne() throws {
        let parked = Shared<[any HTTPResponder]>([])
        let handler: HTTPHandler = { request, responder in
            if request.path == "/park" {
                parked.update { $0.append(responder) }
            } else {
                runOnThread(after: 0.1) { responder.send(echo(request)) }
            }
        }
        try withServer(handler: handler) { server, port in
            do {
                let client = try RawClient(port: port)
                client.write("GET /park HTTP/1.1\r\nHost: x\r\n\r\n")
                #expect(eventually(attempts: 1000, every: 5_000) { parked.value.count == 1 })
                client.resetOnClose()
            }
            #expect(eventually(attempts: 1000, every: 5_000) { server.statistics.openConnections == 0 })
            // The new connection will likely reuse the file descriptor of the old one.
            let next = try RawClient(port: port)
            next.write("GET /fresh HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(eventually(attempts: 1000, every: 5_000) { server.statistics.openConnections == 1 })
            parked.value.first?.send(HTTPResponse(status: 299, body: Array("stale".utf8)))
            let response = try #require(next.readResponse())
            #expect(response.status == 200)
            #expect(response.header("X-Path") == "/fresh")
            #expect(server.statistics.requestsServed == 1)
        }
    }

    @Test func aResponderCalledAfterStopIsHarmless() throws {
        let parked = Shared<[any HTTPResponder]>([])
        let handler: HTTPHandler = { _, responder in parked.update { $0.append(responder) } }
        let server = HTTPServer(configuration: HTTPServer.Configuration(), handler: handler)
        let port = try server.start()
        let client = try RawClient(port: port)
        client.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(eventually(attempts: 1000, every: 5_000) { parked.value.count == 1 })
        server.stop(grace: 0)
        parked.value.first?.send(HTTPResponse(status: 200))
        #expect(client.isClosedByServer())
    }
}
