import CRMCore
import CRMStore
import Foundation
import HTTPServer
import JivoProtocol
import Listener
import Locking
import Testing
import TestSupport

/// A WebhookListener on 127.0.0.1, port 0, over a store in a temporary directory.
private final class RunningListener {
    static let token = "test-token-0123456789abcdef"
    let directory = TemporaryDirectory(prefix: "jivocrm-listener")
    let storePath: String
    let listener: WebhookListener
    let port: Int
    let log = LogLines()

    init(clock: (@Sendable () -> Int64)? = nil) throws {
        storePath = directory.file("crm.sqlite")
        let lines = log
        var configuration = WebhookListener.Configuration(
            host: "127.0.0.1", port: 0, tokens: [Self.token], storePath: storePath)
        if let clock { configuration.clock = clock }
        listener = WebhookListener(configuration: configuration, log: { line in lines.append(line) })
        port = try listener.start()
    }

    deinit { listener.stop(grace: 1) }

    var path: String { "/jivo/\(Self.token)" }

    func client() -> HTTPClient { HTTPClient(host: "127.0.0.1", port: port, timeout: 10) }

    func events() throws -> [EventRecord] {
        try Store(path: storePath).events()
    }
}

/// The listener's log lines, collected from its threads.
private final class LogLines: Sendable {
    private let storage = Locked<[String]>([])

    func append(_ line: String) { storage.withLock { $0.append(line) } }

    var lines: [String] { storage.withLock { $0 } }
}

private let jsonType = "application/json; charset=utf-8"

/// The HTTP contract of `POST /jivo/<token>` and `GET /healthz`, in process, over real sockets.
@Suite struct WebhookListenerHTTPTests {
    @Test(arguments: [
        "/jivo/wrong-token-0123456789abcdef", "/jivo/", "/jivo", "/jivo/test-token-0123456789abcde",
        "/jivo/test-token-0123456789abcdef0", "/other", "/jivo/test-token-0123456789abcdef/extra",
    ])
    func wrongOrMissingTokenIs404(path: String) throws {
        let running = try RunningListener()
        let client = running.client()
        let response = try client.send(method: "POST", path: path, body: Fixtures.bytes("chat_accepted"))
        #expect(response.status == 404)
        #expect(response.header("Content-Type") == jsonType)
        #expect(try running.events().isEmpty)
        #expect(running.log.lines.allSatisfy { !$0.contains(RunningListener.token) })
    }

    @Test(arguments: ["GET", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"])
    func otherMethodsAre405WithAllow(method: String) throws {
        let running = try RunningListener()
        let response = try running.client().send(method: method, path: running.path)
        #expect(response.status == 405)
        #expect(response.header("Allow") == "POST")
        #expect(response.header("Content-Type") == jsonType)
        #expect(try running.events().isEmpty)
    }

    @Test func bodyOverFourMebibytesIs413AndExactlyFourIsAccepted() throws {
        let running = try RunningListener()
        let limit = 4 * 1024 * 1024
        let over = try RawClient(port: running.port)
        over.write(
            "POST \(running.path) HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(limit + 1)\r\n\r\n"
        )
        #expect(try #require(over.readResponse()).status == 413)
        // Not kept (it was never read), so the log says so, with the limit.
        #expect(
            running.log.lines.contains(
                "HTTP 413 Content Too Large: request body exceeds the size limit of 4194304 bytes; the client must send "
                    + "a smaller body (not kept)"), "\(running.log.lines)")

        let prefix = Array(#"{"event_name":"padding","pad":""#.utf8)
        let suffix = Array(#""}"#.utf8)
        let body = prefix + [UInt8](repeating: UInt8(ascii: "a"), count: limit - prefix.count - suffix.count) + suffix
        #expect(body.count == limit)
        let response = try running.client().send(method: "POST", path: running.path, body: body)
        #expect(response.status == 200)
        let events = try running.events()
        #expect(events.count == 1)
        #expect(events.first?.size == limit)
    }

    @Test(arguments: [
        #"{"event_name":"chat_accepted","#, "not json", "[1,2,3]", "\"chat_accepted\"", "42", "null", "",
        "{\"a\":1} trailing",
    ])
    func unparseableOrNonObjectIs400AndQuarantined(text: String) throws {
        let running = try RunningListener()
        let body = Array(text.utf8)
        let response = try running.client().send(method: "POST", path: running.path, body: body)
        #expect(response.status == 400)
        #expect(response.header("Content-Type") == jsonType)
        let reply = try JSONParser.parse(response.body)
        #expect(reply["result"]?.stringValue == "error")
        #expect(reply["message"]?.stringValue?.isEmpty == false)
        let events = try running.events()
        #expect(events.count == 1)
        let event = try #require(events.first)
        #expect(event.status == "quarantined")
        #expect(event.error?.isEmpty == false)
        #expect(try Store(path: running.storePath).eventBody(event.id) == body)
    }

    @Test(arguments: [
        "{}", #"{"event_name":null}"#, #"{"event_name":"brand_new_event","x":[1,{"y":null}]}"#,
        #"{"event_type":"lead_created","client_id":5}"#, #"{"event_name":42}"#,
    ])
    func anyJSONObjectIsStoredAndAnsweredOK(text: String) throws {
        let running = try RunningListener()
        let response = try running.client().send(method: "POST", path: running.path, body: Array(text.utf8))
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == jsonType)
        #expect(try JSONParser.parse(response.body) == .object(["result": .string("ok")]))
        let events = try running.events()
        #expect(events.count == 1)
        #expect(events.first?.status == "applied")
        #expect(try Store(path: running.storePath).eventBody(try #require(events.first).id) == Array(text.utf8))
    }

    @Test(
        "an event that fails is answered 500 naming the event kept; the store's path and SQL stay in its row and the log"
    )
    func failedEventReplyKeepsTheStoreToItself() throws {
        let running = try RunningListener()
        try Store(path: running.storePath).database.execute(
            """
            CREATE TRIGGER refuse_chat BEFORE INSERT ON chats WHEN new.chat_id = '666'
            BEGIN SELECT RAISE(ABORT, 'chat 666 is refused'); END
            """)
        let body = Array(#"{"event_name":"chat_accepted","chat_id":"666","visitor":{"name":"Refused"}}"#.utf8)
        let response = try running.client().send(method: "POST", path: running.path, body: body)
        #expect(response.status == 500)
        let event = try #require(try running.events().first)
        #expect(event.status == "failed")
        #expect(
            try JSONParser.parse(response.body)
                == ChatReply.error(
                    "applying the event failed; it is kept as event #\(event.id) (`jivocrm events \(event.id)`)"))
        let reply = String(decoding: response.body, as: UTF8.self)
        for leak in [running.storePath, running.directory.path, "INSERT", "chat 666 is refused"] {
            #expect(!reply.contains(leak), "\(leak) in \(reply)")
        }
        let error = try #require(event.error)
        #expect(error.hasPrefix("applying the event failed: ") && error.contains("chat 666 is refused"))
        #expect(
            running.log.lines.contains { $0.contains("id=\(event.id) failed") && $0.contains(error) },
            "\(running.log.lines)")
    }

    @Test func rawBodyIsKeptByteForByte() throws {
        let running = try RunningListener()
        let body = Array(
            "{ \"event_name\" : \"chat_accepted\",\n \"chat_id\":\"7\", \"visitor\":{\"name\":\"Иван\\u0020\"} }\n".utf8
        )
        let response = try running.client().send(method: "POST", path: running.path, body: body)
        #expect(response.status == 200)
        let event = try #require(try running.events().first)
        #expect(try Store(path: running.storePath).eventBody(event.id) == body)
    }

    @Test func eventsAreStoredWithTheTimeByTheListenersClock() throws {
        let running = try RunningListener(clock: { 1_700_000_123_456 })
        let good = try running.client().send(method: "POST", path: running.path, body: Fixtures.bytes("chat_accepted"))
        let bad = try running.client().send(method: "POST", path: running.path, body: Array("{".utf8))
        #expect(good.status == 200)
        #expect(bad.status == 400)
        #expect(try running.events().map(\.receivedAt) == [1_700_000_123_456, 1_700_000_123_456])
    }

    @Test func healthzIsOK() throws {
        let running = try RunningListener()
        let response = try running.client().send(method: "GET", path: "/healthz")
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == jsonType)
        #expect(try JSONParser.parse(response.body) == .object(["status": .string("ok")]))
    }

    @Test func keepAliveServesSeveralRequestsOnOneConnection() throws {
        let running = try RunningListener()
        let connection = try RawClient(port: running.port)
        let bodies = ["chat_accepted", "chat_updated", "offline_message"].map { Fixtures.bytes($0) }
        var pipelined: [UInt8] = []
        for body in bodies {
            pipelined +=
                Array("POST \(running.path) HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body
        }
        pipelined += Array("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
        #expect(connection.write(pipelined))
        for _ in bodies {
            let response = try #require(connection.readResponse())
            #expect(response.status == 200)
            #expect(response.header("Connection")?.lowercased() != "close")
            #expect(response.header("Content-Type") == jsonType)
        }
        #expect(try #require(connection.readResponse()).status == 200)
        // The connection is still open: one more request on it is answered.
        connection.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try #require(connection.readResponse()).status == 200)
        #expect(try running.events().count == 3)
    }

    @Test func chunkedRequestBodyIsDechunked() throws {
        let running = try RunningListener()
        let body = Fixtures.bytes("chat_finished_full")
        var request = Array("POST \(running.path) HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
        var offset = 0
        while offset < body.count {
            let size = min(97, body.count - offset)
            request += Array("\(String(size, radix: 16))\r\n".utf8) + body[offset..<offset + size] + Array("\r\n".utf8)
            offset += size
        }
        request += Array("0\r\n\r\n".utf8)
        let connection = try RawClient(port: running.port)
        connection.write(request)
        let response = try #require(connection.readResponse())
        #expect(response.status == 200, "\(response.body)")
        let event = try #require(try running.events().first)
        #expect(event.eventName == "chat_finished")
        #expect(try Store(path: running.storePath).eventBody(event.id) == body)
    }

    @Test func expectContinueGets100ThenTheReply() throws {
        let running = try RunningListener()
        let body = Fixtures.bytes("chat_accepted")
        let connection = try RawClient(port: running.port)
        connection.write(
            "POST \(running.path) HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: \(body.count)\r\n\r\n"
        )
        let interim = try #require(connection.readResponse())
        #expect(interim.status == 100)
        connection.write(body)
        let response = try #require(connection.readResponse())
        #expect(response.status == 200)
        let reply = try JSONParser.parse(Array(response.body.utf8))
        #expect(reply["contact_info"]?["name"]?.stringValue == "John Smith")
        #expect(reply["enable_assign"] == .bool(true))
    }

    @Test func repliesToTheSameVisitorComeFromTheStore() throws {
        let running = try RunningListener()
        let client = running.client()
        let first = try JSONParser.parse(
            try client.send(method: "POST", path: running.path, body: Fixtures.bytes("chat_accepted")).body)
        let updated = try JSONParser.parse(
            try client.send(method: "POST", path: running.path, body: Fixtures.bytes("chat_updated")).body)
        #expect(first["enable_assign"] == .bool(true))
        #expect(updated["enable_assign"] == .bool(false))
        #expect(updated["contact_info"] == first["contact_info"])
        #expect(try running.events().map(\.status) == ["applied", "applied"])
    }

    @Test func storeFileIsPrivateAndInWALMode() throws {
        let running = try RunningListener()
        _ = try running.client().send(method: "POST", path: running.path, body: Fixtures.bytes("chat_accepted"))
        let attributes = try FileManager.default.attributesOfItem(atPath: running.storePath)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let store = try Store(path: running.storePath)
        #expect(try store.database.first("PRAGMA journal_mode") { $0.text(0) } == "wal")
        #expect(try store.database.scalar("PRAGMA foreign_keys") == 1)
        #expect(try store.database.scalar("PRAGMA synchronous") == 2)
    }

    @Test("lead pages and metrics leave no connection to the store open once answered")
    func pagesLeaveNoConnectionOpen() throws {
        let running = try RunningListener()
        let client = running.client()
        let reply = try JSONParser.parse(
            try client.send(method: "POST", path: running.path, body: Fixtures.bytes("chat_accepted")).body)
        guard case .string(let link)? = reply["crm_link"], let page = link.range(of: "/lead/") else {
            Issue.record("the reply links no lead page: \(reply)")
            return
        }
        let pagePath = String(link[page.lowerBound...])
        let before = running.directory.openDescriptors.count
        #expect(before > 0, "the listener's own connections are open")
        for _ in 0..<30 {
            #expect(try client.send(path: pagePath).status == 200)
            #expect(try client.send(path: running.path + "/metrics").status == 200)
        }
        #expect(running.directory.openDescriptors.count == before, "a page's store stayed open after its answer")
    }

    @Test("the page of a lead merged into one that was merged in turn shows the lead that holds its data")
    func thePageOfALeadMergedTwiceShowsItsHolder() throws {
        let running = try RunningListener()
        let client = running.client()
        var links: [String] = []
        var leads: [Int64] = []
        for number in 1...3 {
            let body = Fixtures.object("chat_accepted")
                .setting("chat_id", .number(String(800 + number)))
                .setting("visitor.number", .string(String(60_000 + number)))
                .setting("visitor.name", .string("Visitor \(number)"))
                .setting("visitor.email", .string("visitor\(number)@example.com"))
                .setting("visitor.phone", .string("+7 916 \(2_000_000 + number)"))
                .bytes
            let reply = try JSONParser.parse(try client.send(method: "POST", path: running.path, body: body).body)
            guard case .string(let link)? = reply["crm_link"], let page = link.range(of: "/lead/") else {
                Issue.record("the reply links no lead page: \(reply)")
                return
            }
            links.append(String(link[page.lowerBound...]))
            let found = try Store(path: running.storePath).leads(LeadFilter(search: "visitor\(number)@example.com"))
            leads.append(try #require(found.first?.lead.id))
        }
        let store = try Store(path: running.storePath)
        try store.merge(leads[0], into: leads[1], actor: "alice")
        try store.merge(leads[1], into: leads[2], actor: "alice")
        let page = try client.send(path: links[0])
        #expect(page.status == 200)
        let html = String(decoding: page.body, as: UTF8.self)
        #expect(
            html.contains("<title>Lead #\(leads[2]) · jivocrm</title>"), "the page shows the lead holding the data now")
    }

    @Test("no page is rendered once stop returns: none reads the store while the process exits")
    func stopWaitsForPagesBeingRendered() throws {
        let running = try RunningListener()
        let reply = try JSONParser.parse(
            try running.client().send(method: "POST", path: running.path, body: Fixtures.bytes("chat_accepted")).body)
        guard case .string(let link)? = reply["crm_link"], let page = link.range(of: "/lead/") else {
            Issue.record("the reply links no lead page: \(reply)")
            return
        }
        // Pages are rendered one at a time: 64 asked for at once are still being rendered (each
        // opening the store) after the first is answered, when the listener stops at once.
        let clients = try (0..<64).map { _ in try RawClient(port: running.port, timeout: 10) }
        for client in clients {
            #expect(client.write("GET \(link[page.lowerBound...]) HTTP/1.1\r\nHost: test\r\n\r\n"))
        }
        #expect(clients[0].readResponse()?.status == 200)
        running.listener.stop(grace: 0)
        #expect(running.directory.openDescriptors == [], "a page was still being rendered after stop returned")
    }
}
