import HTTPServer
import Testing
import TestSupport

@Suite struct HTTPClientTests {
    @Test func sendsRequestsOverOneKeepAliveConnection() throws {
        try withServer { server, port in
            let client = HTTPClient(port: port, timeout: 5)
            for index in 0..<3 {
                let response = try client.send(
                    method: "POST", path: "/c/\(index)", headers: [("X-Test", "1")], body: Array("body\(index)".utf8))
                #expect(response.status == 200)
                #expect(response.body == Array("body\(index)".utf8))
                #expect(response.header("x-path") == "/c/\(index)")
            }
            #expect(server.statistics.acceptedConnections == 1)
        }
    }

    @Test func reconnectsOnceAfterTheServerClosedAnIdleConnection() throws {
        try withServer(HTTPServer.Configuration(idleTimeout: 0.1)) { server, port in
            let client = HTTPClient(port: port, timeout: 5)
            let first = try client.send(path: "/first")
            #expect(first.status == 200)
            #expect(eventually(attempts: 1000, every: 5_000) { server.statistics.openConnections == 0 })
            let second = try client.send(method: "POST", path: "/second", body: [1, 2])
            #expect(second.body == [1, 2])
            #expect(server.statistics.acceptedConnections == 2)
        }
    }

    @Test func reportsARefusedConnection() throws {
        let server = HTTPServer(configuration: HTTPServer.Configuration(), handler: echoHandler)
        let port = try server.start()
        server.stop(grace: 0)
        let client = HTTPClient(port: port, timeout: 1)
        #expect {
            try client.send(path: "/")
        } throws: { error in
            (error as? HTTPClientError)?.isConnectFailure == true
        }
    }

    @Test func timesOutWhenTheServerNeverAnswers() throws {
        let handler: HTTPHandler = { _, _ in }
        try withServer(handler: handler) { _, port in
            let client = HTTPClient(port: port, timeout: 0.2)
            #expect(throws: HTTPClientError.timedOut) { try client.send(path: "/") }
        }
    }

    @Test func handlesExpectContinueAndErrors() throws {
        try withServer(HTTPServer.Configuration(maxBodyBytes: 4)) { _, port in
            let client = HTTPClient(port: port, timeout: 5)
            let response = try client.send(method: "POST", path: "/", body: Array("too long".utf8))
            #expect(response.status == 413)
            let small = try client.send(method: "POST", path: "/", body: [1])
            #expect(small.status == 200)
        }
    }
}
