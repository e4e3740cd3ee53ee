import HTTPServer
import TestSupport
import Testing

@Suite struct HTTPResponseFramingTests {
    @Test(arguments: [204, 304])
    func bodylessStatusesSendNoBodyAndNoLength(status: Int) throws {
        let handler: HTTPHandler = { _, responder in
            responder.send(HTTPResponse(status: status, body: Array("ignored".utf8)))
        }
        try withServer(handler: handler) { _, port in
            let client = try RawClient(port: port)
            client.write("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n")
            for _ in 0..<2 {
                let response = try #require(client.readResponse())
                #expect(response.status == status)
                #expect(response.header("Content-Length") == nil)
                #expect(response.body.isEmpty)
            }
        }
    }
}
