import Foundation
import Glibc
import HTTPServer
import JivoProtocol
import Locking
import PostgresClient
import Testing
import TestSupport

/// `jivocrm serve` on PostgreSQL: two listeners on one database take the same traffic as one
/// would, and a listener killed mid-load loses nothing it acknowledged.
@Suite("serve on PostgreSQL", .serialized)
struct PostgresServeTests {
    @Test("two listeners on one database: one applied event, one lead, the same reply")
    func twoListenersTakeTheSameTraffic() throws {
        let cluster = try PostgresCluster()
        let url = try cluster.createStore("crm")
        let directory = TemporaryDirectory(prefix: "jivocrm-pg-serve")
        // Two hosts behind one proxy: both link lead pages under the same public address.
        try "public_url = https://crm.example.com\n".write(
            toFile: directory.file("config"), atomically: true, encoding: .utf8)
        let servers = try [0, 1].map { index in
            try ServeProcess(
                database: url, home: directory.path, logPath: directory.file("serve-\(index).log"),
                environment: ["JIVOCRM_CONFIG": directory.file("config")])
        }
        for round in 0..<25 {
            let same = ServeBodies.accepted(chat: "same-\(round)", email: "same-\(round)@example.com")
            let replies = try Self.atOnce(servers.map { ($0.port, same) })
            #expect(replies.map(\.status) == [200, 200], "round \(round): \(replies.map(\.text))")
            #expect(replies[0].text == replies[1].text, "round \(round)")
            let visitor = "new-\(round)@example.com"
            let arrivals = try Self.atOnce(
                servers.enumerated().map { index, server in
                    (server.port, ServeBodies.accepted(chat: "new-\(round)-\(index)", email: visitor))
                })
            #expect(arrivals.map(\.status) == [200, 200], "round \(round): \(arrivals.map(\.text))")
        }
        let connection = try PostgresConnection(#require(PostgresAddress(url)))
        let perEvent = try connection.query(
            """
            SELECT chat_id, count(*) FILTER (WHERE status = 'applied') AS applied,
                count(*) FILTER (WHERE status = 'duplicate') AS duplicate
            FROM events WHERE chat_id LIKE 'same-%' GROUP BY chat_id
            """)
        #expect(perEvent.count == 25)
        for row in perEvent {
            let chat = try row.text("chat_id")
            #expect(try row.integer("applied") == 1, "\(chat)")
            #expect(try row.integer("duplicate") == 1, "\(chat)")
        }
        let leadsPerVisitor = try connection.query(
            "SELECT value, count(DISTINCT lead_id) AS leads FROM lead_emails GROUP BY value")
        #expect(leadsPerVisitor.count == 50)
        for row in leadsPerVisitor {
            let email = try row.text("value")
            #expect(try row.integer("leads") == 1, "\(email)")
        }
        let leads = try connection.query("SELECT count(*) AS leads FROM leads").first?.integer("leads")
        #expect(leads == 50)
        for server in servers {
            #expect(server.stop() == 0, "\(server.log)")
            #expect(!server.log.contains("PostgreSQL at"), "a statement failed on PostgreSQL: \(server.log)")
        }
    }

    @Test("SIGKILL under concurrent load loses no acknowledged request")
    func killUnderLoad() throws {
        let cluster = try PostgresCluster()
        let url = try cluster.createStore("crm")
        let directory = TemporaryDirectory(prefix: "jivocrm-pg-crash")
        let acknowledged = Locked<Set<String>>([])
        var generator = SystemRandomNumberGenerator()
        for round in 0..<5 {
            let server = try ServeProcess(
                database: url, home: directory.path, logPath: directory.file("serve-\(round).log"))
            let running = Locked(true)
            let done = DispatchGroup()
            for client in 0..<4 {
                done.enter()
                Thread {
                    let http = HTTPClient(port: server.port, timeout: 15)
                    var number = 0
                    while running.withLock({ $0 }) {
                        number += 1
                        let email = "r\(round)-\(client)-\(number)@example.com"
                        let body = ServeBodies.accepted(chat: "r\(round)-\(client)-\(number)", email: email)
                        do {
                            let response = try http.send(
                                method: "POST", path: "/jivo/\(ServeProcess.fixedToken)", body: body)
                            if response.status == 200 { acknowledged.withLock { _ = $0.insert(email) } }
                        } catch {
                            http.close()
                            usleep(5_000)
                        }
                    }
                    done.leave()
                }.start()
            }
            let before = acknowledged.withLock { $0.count }
            for _ in 0..<2000 where acknowledged.withLock({ $0.count }) == before { usleep(2_000) }
            usleep(UInt32.random(in: 0...150_000, using: &generator))
            server.signal(SIGKILL)
            #expect(server.waitForExit() == 128 + SIGKILL, "round \(round): \(server.log)")
            running.withLock { $0 = false }
            done.wait()
        }
        let emails = acknowledged.withLock { $0 }
        #expect(emails.count > 5, "the load acknowledged too little to prove anything")
        let connection = try PostgresConnection(#require(PostgresAddress(url)))
        let stored = Set(try connection.query("SELECT value FROM lead_emails").map { try $0.text("value") })
        let missing = emails.subtracting(stored).sorted()
        #expect(missing.isEmpty, "acknowledged but not in the store: \(missing.prefix(20))")
    }

    @Test("a listener whose connection the server dropped answers again")
    func reconnectsAfterTheServerDropsItsConnections() throws {
        let cluster = try PostgresCluster()
        let url = try cluster.createStore("crm")
        let directory = TemporaryDirectory(prefix: "jivocrm-pg-reconnect")
        let server = try ServeProcess(database: url, home: directory.path, logPath: directory.file("serve.log"))
        #expect(try server.post(ServeBodies.accepted(chat: "before", email: "before@example.com")).status == 200)
        _ = try cluster.psql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'jivocrm'",
            database: "crm")
        // The first write after the drop fails and is spooled (202); the listener connects again
        // and applies the spool within a second or so, and answers 200 from then on.
        var statuses: [Int] = []
        for attempt in 0..<50 {
            let status = try server.post(ServeBodies.accepted(chat: "after-\(attempt)", email: "after@example.com"))
                .status
            statuses.append(status)
            if status == 200 { break }
            usleep(100_000)
        }
        #expect(statuses.last == 200, "statuses after the server dropped the connections: \(statuses)")
        #expect(statuses.allSatisfy { $0 == 200 || $0 == 202 }, "\(statuses)")
        let connection = try PostgresConnection(#require(PostgresAddress(url)))
        let chats = try connection.query("SELECT chat_id FROM chats").map { try $0.text("chat_id") }
        #expect(Set(chats) == Set(["before"] + statuses.indices.map { "after-\($0)" }), "\(chats)")
        #expect(server.stop() == 0, "\(server.log)")
    }

    @Test("a webhook that comes while the server is down is spooled (202) and applied once it is back")
    func spoolsWhileTheServerIsDown() throws {
        let cluster = try PostgresCluster()
        let url = try cluster.createStore("crm")
        let directory = TemporaryDirectory(prefix: "jivocrm-pg-spool")
        let server = try ServeProcess(database: url, home: directory.path, logPath: directory.file("serve.log"))
        defer { server.stopHard() }
        #expect(try server.post(ServeBodies.accepted(chat: "before", email: "before@example.com")).status == 200)
        try cluster.pause()
        #expect(try server.post(ServeBodies.accepted(chat: "down", email: "down@example.com")).status == 202)
        // doctor cannot read the store's identity now, and still finds the webhook waiting.
        let doctor = try JivoCRMBinary.run(["doctor", "--db", url], home: directory.path)
        #expect(doctor.status == 1)
        #expect(doctor.stdout.contains("FAIL store"), "\(doctor.stdout)")
        #expect(
            doctor.stdout.contains("FAIL spool      1 webhook waits in \(directory.path)/.local/state/jivocrm/spool-"),
            "\(doctor.stdout)")
        try cluster.resume()
        // The spool is named by the store's identity, not by how its address is spelled.
        let identity = try cluster.psql("SELECT value FROM settings WHERE key = 'store_id'", database: "crm")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(identity.count == 32, "\(identity)")
        #expect(
            server.log.contains(
                "kept 1 webhook in the spool \(directory.path)/.local/state/jivocrm/spool-\(identity) "),
            "\(server.log)")
        let stored = {
            let connection = try PostgresConnection(#require(PostgresAddress(url)))
            return try connection.query("SELECT value FROM lead_emails").map { try $0.text("value") }
        }
        #expect(
            eventually(attempts: 150) { ((try? stored()) ?? []).contains("down@example.com") },
            "the spooled webhook was not applied once the server was back: \(server.log)")
        #expect(try server.post(ServeBodies.accepted(chat: "after", email: "after@example.com")).status == 200)
        #expect(try stored().sorted() == ["after@example.com", "before@example.com", "down@example.com"])
        #expect(server.stop() == 0, "\(server.log)")
    }

    @Test(
        "a webhook that waits past the busy timeout for a lock another session holds is spooled (202), not left hanging"
    )
    func spoolsWhileAnotherSessionHoldsALock() throws {
        let cluster = try PostgresCluster()
        let url = try cluster.createStore("crm")
        let directory = TemporaryDirectory(prefix: "jivocrm-pg-locked")
        let server = try ServeProcess(database: url, home: directory.path, logPath: directory.file("serve.log"))
        defer { server.stopHard() }
        #expect(try server.post(ServeBodies.accepted(chat: "before", email: "before@example.com")).status == 200)
        let holder = try PostgresConnection(#require(PostgresAddress(url)))
        try holder.execute("BEGIN; LOCK TABLE events IN ACCESS EXCLUSIVE MODE")
        #expect(try server.post(ServeBodies.accepted(chat: "locked", email: "locked@example.com")).status == 202)
        #expect(server.log.contains("spooled: busy"), "\(server.log)")
        try holder.execute("ROLLBACK")
        let stored = {
            let connection = try PostgresConnection(#require(PostgresAddress(url)))
            return try connection.query("SELECT value FROM lead_emails").map { try $0.text("value") }
        }
        #expect(
            eventually { ((try? stored()) ?? []).contains("locked@example.com") },
            "the spooled webhook was not applied once the lock was released: \(server.log)")
        #expect(server.stop() == 0, "\(server.log)")
    }

    /// One delivery's answer.
    struct Reply: Sendable {
        /// The HTTP status.
        var status: Int
        /// The body.
        var body: [UInt8]
        /// The body as text, for messages.
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// Posts each body to its port at the same moment, each on a connection of its own.
    static func atOnce(_ deliveries: [(port: Int, body: [UInt8])]) throws -> [Reply] {
        let replies = Locked<[Int: Reply]>([:])
        let failures = Locked<[String]>([])
        let start = DispatchSemaphore(value: 0)
        let done = DispatchGroup()
        for (index, delivery) in deliveries.enumerated() {
            done.enter()
            Thread {
                let client = HTTPClient(port: delivery.port, timeout: 15)
                defer { client.close() }
                start.wait()
                do {
                    let response = try client.send(
                        method: "POST", path: "/jivo/\(ServeProcess.fixedToken)", body: delivery.body)
                    replies.withLock { $0[index] = Reply(status: response.status, body: response.body) }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
                done.leave()
            }.start()
        }
        for _ in deliveries { start.signal() }
        done.wait()
        if let failure = failures.withLock({ $0.first }) { throw ProcessFailure("a delivery failed: \(failure)") }
        return replies.withLock { answers in deliveries.indices.compactMap { answers[$0] } }
    }
}

/// Webhook bodies with checkable effects.
enum ServeBodies {
    /// A chat_accepted for chat `chat` whose visitor has the email `email`.
    static func accepted(chat: String, email: String) -> [UInt8] {
        JSONValue.object([
            "event_name": .string("chat_accepted"), "chat_id": .string(chat), "widget_id": .string("w1"),
            "visitor": .object(["name": .string("Team Test"), "email": .string(email)]),
            "agent": .object(["id": .string("1"), "name": .string("Anna"), "email": .string("anna@example.com")]),
        ]).serializedBytes()
    }
}
