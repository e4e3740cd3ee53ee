import CRMStore
import Dispatch
import Foundation
import Glibc
import HTTPServer
import JivoProtocol
import Listener
import Locking
import Testing
import TestSupport

/// A forward target on 127.0.0.1: answers 503 while failing, else keeps each body and answers 200;
/// each answer `delay` seconds after the request.
private final class Receiver: Sendable {
    let server: HTTPServer
    let port: Int
    private let state = Locked<(failing: Bool, attempts: Int, bodies: [[UInt8]], paths: Set<String>)>(
        (true, 0, [], []))

    init(delay: Double = 0) throws {
        let state = self.state
        server = HTTPServer(
            configuration: HTTPServer.Configuration(),
            handler: { request, responder in
                let failing = state.withLock { current -> Bool in
                    current.attempts += 1
                    current.paths.insert(request.target)
                    if !current.failing { current.bodies.append(request.body) }
                    return current.failing
                }
                let response = HTTPResponse(status: failing ? 503 : 200)
                if delay > 0 {
                    DispatchQueue.global().asyncAfter(deadline: .now() + delay) { responder.send(response) }
                } else {
                    responder.send(response)
                }
            })
        port = try server.start()
    }

    deinit { server.stop(grace: 1) }

    var attempts: Int { state.withLock { $0.attempts } }
    var bodies: [[UInt8]] { state.withLock { $0.bodies } }
    var paths: Set<String> { state.withLock { $0.paths } }
    func recover() { state.withLock { $0.failing = false } }
}

/// Forwarding: every event reaches every target once, byte for byte, in order, through a target
/// that fails and recovers and a listener restart, without delaying the replies.
@Suite struct ForwardingTests {
    static let token = "forward-token-0123456789abcdef"

    private func listener(_ storePath: String, target: String) throws -> (WebhookListener, Int) {
        var configuration = WebhookListener.Configuration(
            host: "127.0.0.1", port: 0, tokens: [Self.token], storePath: storePath)
        configuration.forwardTargets = [target]
        configuration.forwardBackoff = 20
        let listener = WebhookListener(configuration: configuration, log: { _ in })
        return (listener, try listener.start())
    }

    /// Three chats' events, interleaved: accepted, updated and finished for each.
    private func bodies() -> [[UInt8]] {
        var bodies: [[UInt8]] = []
        for event in ["chat_accepted", "chat_updated", "chat_finished"] {
            for chat in 1...3 {
                bodies.append(Fixtures.object(event).setting("chat_id", .number(String(700 + chat))).bytes)
            }
        }
        // One body the listener cannot parse is kept, and so forwarded, too.
        bodies.insert(Array("{\"event_name\": \"chat_accepted\", broken".utf8), at: 4)
        return bodies
    }

    @Test func everyEventArrivesOnceInOrderThroughFailuresAndARestart() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-forward")
        let storePath = directory.file("crm.sqlite")
        let receiver = try Receiver()
        let target = "http://127.0.0.1:\(receiver.port)/hook?from=jivocrm"
        let all = bodies()
        let (first, firstPort) = try listener(storePath, target: target)
        let client = HTTPClient(host: "127.0.0.1", port: firstPort, timeout: 10)
        for body in all.prefix(6) {
            // The target is down: JivoChat's replies do not wait for it.
            let response = try client.send(method: "POST", path: "/jivo/\(Self.token)", body: body)
            #expect([200, 400].contains(response.status))
        }
        #expect(eventually(attempts: 1000, every: 20_000) { receiver.attempts >= 3 }, "the forwarder did not retry")
        client.close()
        first.stop(grace: 1)
        #expect(try Store(path: storePath).outboxDepth() == 6)

        // A new process on the same store: the queue is still there.
        let (second, secondPort) = try listener(storePath, target: target)
        defer { second.stop(grace: 1) }
        let again = HTTPClient(host: "127.0.0.1", port: secondPort, timeout: 10)
        defer { again.close() }
        for body in all.dropFirst(6) {
            #expect(try again.send(method: "POST", path: "/jivo/\(Self.token)", body: body).status == 200)
        }
        // A duplicate delivery is kept as a duplicate and not forwarded again.
        #expect(try again.send(method: "POST", path: "/jivo/\(Self.token)", body: all[0]).status == 200)
        receiver.recover()
        #expect(
            eventually(attempts: 1000, every: 20_000) { receiver.bodies.count >= all.count },
            "forwarded \(receiver.bodies.count) of \(all.count)")
        #expect(eventually(attempts: 1000, every: 20_000) { (try? Store(path: storePath).outboxDepth()) == 0 })
        #expect(receiver.bodies == all)
        #expect(receiver.paths == ["/hook?from=jivocrm"])
    }

    @Test func aListenerStoppedWhileForwardingLeavesTheLogEmpty() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-forward-stop")
        let storePath = directory.file("crm.sqlite")
        // The target answers half a second late: the stop comes while the forwarder waits for
        // it, and the forwarder records the delivery in the store when the answer comes.
        let receiver = try Receiver(delay: 0.5)
        receiver.recover()
        let (listener, port) = try listener(storePath, target: "http://127.0.0.1:\(receiver.port)/hook")
        let client = HTTPClient(host: "127.0.0.1", port: port, timeout: 10)
        #expect(try client.send(method: "POST", path: "/jivo/\(Self.token)", body: bodies()[0]).status == 200)
        client.close()
        #expect(eventually(attempts: 1000, every: 2_000) { receiver.attempts >= 1 }, "nothing was forwarded")
        listener.stop(grace: 1)

        let log = fileBytes(storePath + "-wal") ?? 0
        #expect(log == 0, "the stopped listener left \(log) bytes of write-ahead log")
        #expect(try Store(path: storePath).outboxDepth() == 0)
    }

    @Test func anUnusableTargetStopsTheListenerFromStarting() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-forward")
        var configuration = WebhookListener.Configuration(
            host: "127.0.0.1", port: 0, tokens: [Self.token], storePath: directory.file("crm.sqlite"))
        configuration.forwardTargets = ["https://example.com/hook"]
        let listener = WebhookListener(configuration: configuration, log: { _ in })
        #expect(throws: ForwardTargetError.notPlainHTTP("https://example.com/hook")) { try listener.start() }
    }
}
