import Foundation
import HTTPServer
import JivoProtocol
import Testing
import TestSupport

/// Hostile requests against the real listener (`jivocrm serve`): every answer is a 2xx or
/// 4xx, never a crash or 5xx; every body that reached the webhook is kept byte for byte
/// (applied or quarantined); nothing reaches the webhook past a wrong token.
@Suite("Hostile webhooks", .serialized)
struct HostileWebhookTests {
    final class Run {
        let directory = TemporaryDirectory(prefix: "jivocrm-hostile")
        let server: ServeProcess
        var database: String { directory.file("crm.sqlite") }

        init() throws {
            let directory = self.directory
            server = try ServeProcess(
                database: directory.file("crm.sqlite"), home: directory.path, logPath: directory.file("serve.log"))
        }

        func post(_ body: [UInt8], path: String = "/jivo/\(ServeProcess.fixedToken)") throws -> Int {
            try HTTPClient(port: server.port, timeout: 30).send(method: "POST", path: path, body: body).status
        }

        func events() throws -> [JSONValue] {
            try JivoCRMBinary.json(["events", "--db", database, "--limit", "100000"], home: directory.path).arrayValue
                ?? []
        }
    }

    /// `/jivo/<token>/` (one trailing slash) is the webhook path too since issue 12; see
    /// RealTrafficTests.
    @Test("path tricks against the token check are all 404 and store nothing")
    func pathTricks() throws {
        let run = try Run()
        let token = ServeProcess.fixedToken
        let paths = [
            "/jivo/%2e%2e/", "/jivo/%2e%2e/\(token)", "//jivo//\(token)", "/jivo//\(token)", "/jivo/\(token)/../x",
            "/jivo/\(token)%00", "/jivo/\(token)//", "/jivo/\(token)/x", "/jivo/\(token)x",
            "/jivo/\(String(token.dropLast()))", "/jivo/",
            "/jivo", "/JIVO/\(token)", "/jivo/\(token.uppercased())",
            "/jivo/%\(String(token.utf8.first!, radix: 16))\(token.dropFirst())",
            "/x/../jivo/\(token)", "/jivo/./\(token)", "/jivo/\(token);x", "/jivo/\(token)%3F",
        ]
        for path in paths {
            let status = try run.post(Bodies.accepted(chat: "trick", email: "trick@example.com"), path: path)
            #expect(status == 404, "\(path) answered \(status)")
        }
        #expect(try run.events().isEmpty)
        #expect(try run.post(Bodies.accepted(chat: "real", email: "real@example.com")) == 200)
        let raw = try RawClient(port: run.server.port, timeout: 10)
        raw.write("POST /jivo/\(token)\0 HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")
        let answer = raw.readResponse()
        #expect(answer?.version == "HTTP/1.1" && answer?.status == 400, "\(String(describing: answer?.status))")
        #expect(try run.events().count == 1)
    }

    @Test("hostile JSON is answered 400 and quarantined byte for byte, never 5xx")
    func hostileJSON() throws {
        let run = try Run()
        let deep = Array(String(repeating: "[", count: 10_000).utf8) + Array(String(repeating: "]", count: 10_000).utf8)
        let deepObject =
            Array(String(repeating: "{\"a\":", count: 10_000).utf8) + [UInt8(ascii: "1")]
            + Array(String(repeating: "}", count: 10_000).utf8)
        let hugeOpen =
            Array("{\"event_name\":\"chat_accepted\",\"x\":\"".utf8)
            + [UInt8](repeating: UInt8(ascii: "a"), count: 4 * 1024 * 1024 - 64)
        let bodies: [(String, [UInt8])] = [
            (
                "invalid UTF-8",
                Array("{\"event_name\":\"chat_accepted\",\"visitor\":{\"name\":\"".utf8) + [0xC3, 0x28, 0xFF]
                    + Array("\"}}".utf8)
            ),
            ("overlong UTF-8", Array("{\"a\":\"".utf8) + [0xC0, 0xAF] + Array("\"}".utf8)),
            ("10,000-deep arrays", deep),
            ("10,000-deep objects", deepObject),
            ("4 MiB unterminated string", hugeOpen),
            ("1e400", Array(#"{"event_name":"chat_accepted","chat_id":1e400}"#.utf8)),
            ("duplicate keys", Array(#"{"event_name":"chat_accepted","event_name":"offline_message"}"#.utf8)),
            ("top-level array", Array(#"[{"event_name":"chat_accepted"}]"#.utf8)),
            ("top-level string", Array(#""chat_accepted""#.utf8)),
            ("top-level number", Array("42".utf8)),
            ("empty body", []),
            ("NUL in JSON", Array("{\"event_name\":\"x\0\"}".utf8)),
            ("truncated", Array(#"{"event_name":"chat_accepted","visitor":{"#.utf8)),
            ("trailing garbage", Array(#"{"event_name":"chat_accepted"} {"#.utf8)),
        ]
        for (index, (name, body)) in bodies.enumerated() {
            let status = try run.post(body)
            #expect(status == 400, "\(name) answered \(status)")
            let newest = try run.events().first
            #expect(newest?["status"]?.stringValue == "quarantined", "\(name) was not quarantined")
            #expect(newest?["size"]?.int64Value == Int64(body.count), "\(name) was not kept whole")
            #expect(try run.events().count == index + 1)
        }
        // A lone surrogate escape is a truncated emoji in a real event (issue 12): applied, with
        // U+FFFD in its place, and kept byte for byte.
        for body in [
            Array(#"{"event_name":"chat_accepted","visitor":{"name":"\ud800"}}"#.utf8),
            Array(#"{"event_name":"x","m":"\udc00x"}"#.utf8),
        ] {
            #expect(try run.post(body) == 200)
            #expect(try run.events().first?["status"]?.stringValue == "applied")
            #expect(try run.events().first?["size"]?.int64Value == Int64(body.count))
        }
        let hugeValid =
            Array("{\"event_name\":\"chat_accepted\",\"chat_id\":\"big\",\"x\":\"".utf8)
            + [UInt8](repeating: UInt8(ascii: "a"), count: 4 * 1024 * 1024 - 100) + Array("\"}".utf8)
        #expect(try run.post(hugeValid) == 200, "a valid body near the 4 MiB limit")
        #expect(try run.events().first?["size"]?.int64Value == Int64(hugeValid.count))
        #expect(try JivoCRMBinary.run(["check", "--db", run.database], home: run.directory.path).stdout == "ok\n")
    }

    @Test("ids of every type, wrong types for every field, unknown and CRM-family events: never 5xx, all kept")
    func typeDrift() throws {
        let run = try Run()
        let base = JSONValue.object([
            "event_name": .string("chat_accepted"), "chat_id": .string("drift"), "widget_id": .string("w1"),
            "visitor": .object([
                "name": .string("Drift"), "email": .string("drift@example.com"), "phone": .string("+7 916 000-00-00"),
                "number": .string("9"),
            ]),
            "agent": .object(["id": .string("1"), "name": .string("Anna"), "email": .string("anna@example.com")]),
            "page": .object(["url": .string("https://x/"), "title": .string("T")]),
            "session": .object(["utm": .string("source=a"), "geoip": .object(["city": .string("C")])]),
            "offline_message_id": .string("1"), "message": .string("m"), "client_id": .string("5"),
            "call": .object(["type": .string("callback"), "phone": .string("1"), "status": .string("start")]),
            "chat": .object([
                "messages": .array([
                    .object(["message": .string("hi"), "timestamp": .number("1700000000"), "type": .string("visitor")])
                ])
            ]),
        ]).objectValue!
        let drifts: [JSONValue] = [
            .number("123"), .number("1.5"), .number("-7"), .number("123456789012345678901234567890"), .null,
            .bool(true), .array([]), .object([:]), .string(""), .number("1e300"),
        ]
        let fields = [
            "chat_id", "widget_id", "visitor", "visitor.name", "visitor.email", "visitor.phone", "visitor.number",
            "agent",
            "agent.id", "agent.email", "page", "page.url", "session", "session.utm", "session.geoip",
            "offline_message_id",
            "message", "client_id", "call", "call.status", "call.phone", "chat", "chat.messages", "event_name",
        ]
        var sent = 0
        for kind in [
            "chat_accepted", "chat_finished", "offline_message", "call_event", "client_updated", "chat_updated",
        ] {
            for field in fields {
                for (index, value) in drifts.enumerated() {
                    let object = base.setting("event_name", .string(kind)).setting(
                        "chat_id", .string("\(kind)-\(field)-\(index)")
                    )
                    .setting(field, value)
                    let status = try run.post(object.bytes)
                    sent += 1
                    #expect(status < 500, "\(kind) with \(field) = \(value.serialized()) answered \(status)")
                }
                let missing = base.setting("event_name", .string(kind)).setting(
                    "chat_id", .string("\(kind)-\(field)-gone")
                ).setting(field, nil)
                #expect(try run.post(missing.bytes) < 500, "\(kind) without \(field)")
                sent += 1
            }
        }
        #expect(try run.post(Array(#"{"event_name":"brand_new_event","payload":{"a":1}}"#.utf8)) == 200)
        #expect(try run.post(Array(#"{"event_type":"lead_created","lead":{"id":1}}"#.utf8)) == 200)
        sent += 2
        let events = try run.events()
        #expect(events.count == sent, "every delivery is kept")
        #expect(
            !events.contains { $0["status"]?.stringValue == "failed" },
            "an event failed: \(events.filter { $0["status"]?.stringValue == "failed" }.prefix(3).map { $0.serialized() })"
        )
        #expect(try JivoCRMBinary.run(["check", "--db", run.database], home: run.directory.path).stdout == "ok\n")
    }

    @Test("a transcript of 50,000 messages is stored whole")
    func hugeTranscript() throws {
        let run = try Run()
        let messages: [JSONValue] = (0..<50_000).map {
            .object([
                "message": .string("m\($0)"), "timestamp": .number(String(1_700_000_000 + $0)),
                "type": .string($0 % 2 == 0 ? "visitor" : "agent"),
            ])
        }
        let body = JSONValue.object([
            "event_name": .string("chat_finished"), "chat_id": .string("long"), "widget_id": .string("w1"),
            "visitor": .object(["name": .string("Talker"), "email": .string("talker@example.com")]),
            "chat": .object(["messages": .array(messages)]),
        ]).serializedBytes()
        #expect(body.count < 4 * 1024 * 1024)
        #expect(try run.post(body) == 200)
        let lead = try #require(
            try JivoCRMBinary.json(["leads", "--db", run.database], home: run.directory.path).arrayValue?.first?["id"]?
                .int64Value)
        let detail = try JivoCRMBinary.json(["show", String(lead), "--db", run.database], home: run.directory.path)
        #expect(detail["chats"]?.arrayValue?.first?["messages"]?.arrayValue?.count == 50_000)
    }

    @Test("SQL-looking text in every field reaches the store verbatim and changes nothing else")
    func sqlLookingText() throws {
        let run = try Run()
        let attacks = [
            "'); DROP TABLE leads;--", "\" OR 1=1 --", "x'; UPDATE leads SET name='pwned' WHERE 1=1; --", "%' OR '%'='",
        ]
        for (index, attack) in attacks.enumerated() {
            let body = JSONValue.object([
                "event_name": .string("chat_finished"), "chat_id": .string("sql-\(index)\(attack)"),
                "widget_id": .string(attack),
                "visitor": .object([
                    "name": .string(attack), "email": .string("sql\(index)@example.com"), "phone": .string(attack),
                    "description": .string(attack), "number": .string(attack),
                ]),
                "agent": .object(["id": .string(attack), "name": .string(attack), "email": .string(attack)]),
                "page": .object(["url": .string(attack), "title": .string(attack)]),
                "user_token": .string(attack), "client_id": .string(attack),
                "chat": .object([
                    "messages": .array([
                        .object([
                            "message": .string(attack), "timestamp": .number("1700000000"), "type": .string("visitor"),
                        ])
                    ])
                ]),
            ]).serializedBytes()
            #expect(try run.post(body) == 200)
            #expect(try run.post(Bodies.offline(id: attack + "\(index)", text: attack, name: attack)) == 200)
        }
        let leads = try JivoCRMBinary.json(["leads", "--db", run.database], home: run.directory.path).arrayValue ?? []
        #expect(!leads.contains { $0["name"]?.stringValue == "pwned" })
        for (index, attack) in attacks.enumerated() {
            let lead = try #require(leads.first { $0["email"]?.stringValue == "sql\(index)@example.com" })
            #expect(lead["name"]?.stringValue == attack)
            #expect(lead["user_token"]?.stringValue == attack)
            #expect(lead["client_id"]?.stringValue == attack)
            let detail = try JivoCRMBinary.json(
                ["show", String(lead["id"]?.int64Value ?? 0), "--db", run.database], home: run.directory.path)
            #expect(detail["chats"]?.arrayValue?.first?["messages"]?.arrayValue?.first?["text"]?.stringValue == attack)
            #expect(detail["chats"]?.arrayValue?.first?["chat_id"]?.stringValue == "sql-\(index)\(attack)")
        }
        let tasks = try JivoCRMBinary.json(["tasks", "--db", run.database], home: run.directory.path).arrayValue ?? []
        #expect(Set(tasks.compactMap { $0["text"]?.stringValue }) == Set(attacks))
        #expect(try run.events().count == attacks.count * 2)
        #expect(try JivoCRMBinary.run(["check", "--db", run.database], home: run.directory.path).stdout == "ok\n")
    }

    @Test("slowloris and 1,000 idle connections do not stop a real webhook from being answered")
    func slowlorisAndIdle() throws {
        let run = try Run()
        var idle: [RawClient] = []
        for _ in 0..<1000 { idle.append(try RawClient(port: run.server.port, timeout: 10)) }
        let slow = try (0..<20).map { _ in try RawClient(port: run.server.port, timeout: 10) }
        for socket in slow { socket.write("POST /jivo/\(ServeProcess.fixedToken) HTTP/1.1\r\nHost: x\r\nContent-Le") }
        #expect(try run.post(Bodies.accepted(chat: "through", email: "through@example.com")) == 200)
        for socket in slow { socket.write("ngth: 100\r\n\r\n{\"event_") }
        #expect(try run.post(Bodies.accepted(chat: "through2", email: "through2@example.com")) == 200)
        #expect(try HTTPClient(port: run.server.port).send(path: "/healthz").status == 200)
        #expect(try run.events().count == 2)
        withExtendedLifetime(idle) {}
    }
}
