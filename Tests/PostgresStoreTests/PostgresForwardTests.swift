@testable import CRMStore
import Dispatch
import Foundation
import HTTPServer
import Locking
import PostgresClient
import Testing
import TestSupport

/// Forwarding with two listeners on one PostgreSQL database: both forward from the same
/// outbox, and each event still reaches the target once, in order.
@Suite("forwarding on PostgreSQL", .serialized)
struct PostgresForwardTests {
    @Test("two listeners forwarding from one outbox post each event once, in the order it arrived")
    func eachEventForwardedOnce() throws {
        let cluster = try PostgresCluster()
        let url = try cluster.createStore("crm")
        let directory = TemporaryDirectory(prefix: "jivocrm-pg-forward")
        let receiver = try CountingReceiver()
        try "forward = http://127.0.0.1:\(receiver.port)/hook\n".write(
            toFile: directory.file("config"), atomically: true, encoding: .utf8)
        let servers = try [0, 1].map { index in
            try ServeProcess(
                database: url, home: directory.path, logPath: directory.file("serve-\(index).log"),
                environment: ["JIVOCRM_CONFIG": directory.file("config")])
        }
        let events = 40
        for number in 0..<events {
            let body = ServeBodies.accepted(chat: "forward-\(number)", email: "forward-\(number)@example.com")
            #expect(try servers[number % 2].post(body).status == 200)
        }
        let connection = try PostgresConnection(#require(PostgresAddress(url)))
        let drained = eventually(attempts: 600, every: 100_000) {
            let waiting = try? connection.query("SELECT count(*) AS waiting FROM outbox").first?.integer("waiting")
            return waiting == 0 && receiver.deliveries.count >= events
        }
        #expect(drained, "forwarded \(receiver.deliveries.count) of \(events)")
        let deliveries = receiver.deliveries
        let ids = try connection.query("SELECT id FROM events WHERE status = 'applied' ORDER BY id")
            .map { String(try $0.integer("id")) }
        #expect(ids.count == events)
        let repeated = Dictionary(grouping: deliveries, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        #expect(repeated.isEmpty, "posted more than once: events \(repeated)")
        #expect(deliveries == ids, "the target saw the events out of order")
        for server in servers {
            #expect(server.stop() == 0, "\(server.log)")
        }
    }
}

extension PostgresForwardTests {
    @Test("an entry one connection claimed is not due for another until the claim ends; the next one is")
    func claimHoldsTheEntry() throws {
        let cluster = try PostgresCluster()
        let url = try cluster.createStore("crm")
        let first = try Store(path: url)
        let second = try Store(path: url)
        try first.setForwardTargets(["http://127.0.0.1:9/hook"])
        for number in 0..<2 {
            let body = ServeBodies.accepted(chat: "claim-\(number)", email: "claim-\(number)@example.com")
            _ = try first.database.write { try first.ingest(body: body, receivedAt: 1_700_000_000_000) }
        }
        let before = Store.systemMilliseconds()
        let claimed = try #require(try first.nextOutboxEntry(target: "http://127.0.0.1:9/hook"))
        #expect(claimed.nextAttemptAt <= Store.systemMilliseconds())
        let held = try #require(try second.nextOutboxEntry(target: "http://127.0.0.1:9/hook"))
        #expect(held.id == claimed.id)
        #expect(held.nextAttemptAt >= before + Store.outboxClaim)
        try first.outboxDelivered(claimed.id)
        let next = try #require(try second.nextOutboxEntry(target: "http://127.0.0.1:9/hook"))
        #expect(next.id > claimed.id)
        #expect(next.nextAttemptAt <= Store.systemMilliseconds())
        #expect(
            try first.nextOutboxEntry(target: "http://127.0.0.1:9/hook")?.nextAttemptAt ?? 0 >= before
                + Store.outboxClaim)
    }
}

extension PostgresForwardTests {
    @Test("a claim that ends unanswered (its listener died while posting) lets another listener take the entry over")
    func anExpiredClaimIsTakenOver() throws {
        let cluster = try PostgresCluster()
        let url = try cluster.createStore("crm")
        let first = try Store(path: url)
        let second = try Store(path: url)
        let target = "http://127.0.0.1:9/hook"
        try first.setForwardTargets([target])
        let body = ServeBodies.accepted(chat: "expiry", email: "expiry@example.com")
        _ = try first.database.write { try first.ingest(body: body, receivedAt: 1_700_000_000_000) }
        let claimedAt = Store.systemMilliseconds()
        let claim: Int64 = 60_000
        let dying = OutboxRepository(database: first.database)
        let surviving = OutboxRepository(database: second.database)
        let claimed = try #require(try dying.next(target: target, now: claimedAt, claim: claim))
        #expect(claimed.nextAttemptAt == claimedAt)
        let before = try #require(try surviving.next(target: target, now: claimedAt + claim - 1, claim: claim))
        #expect(before.id == claimed.id)
        #expect(before.nextAttemptAt > claimedAt + claim - 1, "taken over before the claim ended")
        let after = try #require(try surviving.next(target: target, now: claimedAt + claim, claim: claim))
        #expect(after.id == claimed.id)
        #expect(after.nextAttemptAt == claimedAt + claim, "not taken over when the claim ended")
        let stored = try PostgresConnection(#require(PostgresAddress(url)))
            .query("SELECT next_attempt_at FROM outbox WHERE id = \(claimed.id)").first?.integer("next_attempt_at")
        #expect(stored == claimedAt + 2 * claim, "the new claim is not the surviving listener's")
    }
}

/// A forward target on 127.0.0.1 that notes each delivery's event id and answers 200 a little
/// later, so that a delivery is in flight while the other listener's forwarder looks.
private final class CountingReceiver: Sendable {
    let server: HTTPServer
    let port: Int
    private let received = Locked<[String]>([])

    init() throws {
        let received = self.received
        server = HTTPServer(
            configuration: HTTPServer.Configuration(),
            handler: { request, responder in
                received.withLock { $0.append(request.header("X-Jivocrm-Event-Id") ?? "?") }
                DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(30)) {
                    responder.send(HTTPResponse(status: 200))
                }
            })
        port = try server.start()
    }

    deinit { server.stop(grace: 1) }

    /// The event ids posted so far, in the order they arrived.
    var deliveries: [String] { received.withLock { $0 } }
}
