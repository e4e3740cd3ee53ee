import Foundation
import Glibc
import HTTPServer
import Locking
import Testing
import TestSupport

/// `forward` lines in the configuration, through `jivocrm serve`: every target gets the event,
/// and a target forwarding cannot reach is refused at start with advice.
@Suite struct ForwardConfigTests {
    @Test func everyForwardLineGetsTheEventByteForByte() throws {
        let received = Locked<[String: [[UInt8]]]>([:])
        let receiver = HTTPServer(
            configuration: HTTPServer.Configuration(),
            handler: { request, responder in
                received.withLock { $0[request.path, default: []].append(request.body) }
                responder.send(HTTPResponse(status: 204))
            })
        let port = try receiver.start()
        defer { receiver.stop(grace: 1) }
        let crm = try CRMHarness()
        try "forward = http://127.0.0.1:\(port)/first\nforward = http://127.0.0.1:\(port)/second\n".write(
            toFile: crm.configuration, atomically: true, encoding: .utf8)
        let server = try crm.serve()
        let body = fixture("chat_accepted")
        _ = try server.deliver(body)
        var arrived: [String: [[UInt8]]] = [:]
        for _ in 0..<1000 {
            arrived = received.withLock { $0 }
            if arrived.count == 2 { break }
            usleep(20_000)
        }
        #expect(arrived == ["/first": [body], "/second": [body]])
        #expect(server.stop() == 0)
    }

    @Test func anHTTPSTargetIsRefusedWithAdvice() throws {
        let crm = try CRMHarness()
        try "forward = https://hooks.example.com/x\n".write(
            toFile: crm.configuration, atomically: true, encoding: .utf8)
        let result = try crm.run("serve", "--listen", "127.0.0.1:0")
        #expect(result.status == 1)
        #expect(result.stderr.contains("TLS proxy"), "\(result.stderr)")
    }
}
