import Foundation
import Glibc
import HTTPServer
import JivoProtocol
import Testing
import TestSupport

/// Security defaults of `jivocrm serve`: loopback unless told otherwise, a warning otherwise,
/// no token or personal data in its log, a private store, and token rotation with a grace
/// period.
@Suite("Security defaults", .serialized)
struct SecurityDefaultTests {
    private func post(_ port: Int, token: String, _ body: [UInt8]) throws -> Int {
        try HTTPClient(port: port).send(method: "POST", path: "/jivo/\(token)", body: body).status
    }

    @Test("binding a non-loopback address warns on stderr; loopback does not")
    func nonLoopbackWarning() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-sec")
        let open = try ServeProcess(
            database: directory.file("crm.sqlite"), home: directory.path, logPath: directory.file("any.log"),
            listen: "0.0.0.0:0")
        #expect(open.log.contains("warning: listening on 0.0.0.0, reachable from the network"))
        open.signal(SIGTERM)
        #expect(open.waitForExit() == 0)
        let local = try ServeProcess(
            database: directory.file("crm.sqlite"), home: directory.path, logPath: directory.file("local.log"))
        #expect(!local.log.contains("warning"))
        #expect(local.log.contains("listening on http://127.0.0.1:"))
    }

    @Test(
        "the log of a serve run holds no personal data and no token beyond the start-up line; the store files are 0600")
    func logAndFiles() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-sec")
        let database = directory.file("data/crm.sqlite")
        let token = try JivoCRMBinary.run(["webhook-url", "--db", database], home: directory.path)
        let url = try #require(token.stdout.split(separator: "\n").first.map(String.init))
        let storeToken = String(url.split(separator: "/").last ?? "")
        #expect(storeToken.count >= 40)
        let server = try ServeProcess(
            database: database, home: directory.path, logPath: directory.file("serve.log"), token: nil)
        let secrets = [
            "Zinaida Pervomayskaya", "zinaida.pii@example.org", "+7 916 555-01-23", "my card is 4111 1111 1111 1111",
            "Secret Street 7",
        ]
        let chat = JSONValue.object([
            "event_name": .string("chat_finished"), "chat_id": .string("pii-1"), "widget_id": .string("w1"),
            "visitor": .object([
                "name": .string(secrets[0]), "email": .string(secrets[1]), "phone": .string(secrets[2]),
                "description": .string(secrets[4]),
            ]),
            "chat": .object([
                "messages": .array([
                    .object([
                        "message": .string(secrets[3]), "type": .string("visitor"), "timestamp": .number("1700000000"),
                    ])
                ])
            ]),
        ]).serializedBytes()
        #expect(try post(server.port, token: storeToken, chat) == 200)
        #expect(
            try post(server.port, token: storeToken, Bodies.offline(id: "pii-2", text: secrets[3], name: secrets[0]))
                == 200)
        #expect(try post(server.port, token: storeToken, Array("{\"visitor\":{\"name\":\"\(secrets[0])\"".utf8)) == 400)
        #expect(try post(server.port, token: storeToken + "x", chat) == 404)
        #expect(try post(server.port, token: "\(secrets[1])", chat) == 404)
        #expect(try HTTPClient(port: server.port).send(path: "/healthz").status == 200)
        server.signal(SIGTERM)
        #expect(server.waitForExit() == 0)
        let log = server.log
        #expect(log.contains("POST /jivo/… 200"), "the log is empty or unexpected: \(log)")
        let tokenLines = log.split(separator: "\n").filter { $0.contains(storeToken) }
        #expect(
            tokenLines.count == 1 && tokenLines[0].hasPrefix("listening on http://"),
            "the token may appear only in the start-up line that the command-line contract prescribes")
        for secret in secrets + ["Zinaida", "zinaida", "916", "4111"] {
            #expect(!log.contains(secret), "personal data '\(secret)' is in the log")
        }
        for file in [database, database + "-wal", database + "-shm"] where FileManager.default.fileExists(atPath: file)
        {
            var status = stat()
            #expect(stat(file, &status) == 0)
            #expect(status.st_mode & 0o777 == 0o600, "\(file) has mode \(String(status.st_mode & 0o777, radix: 8))")
        }
        var directoryStatus = stat()
        #expect(stat(directory.file("data"), &directoryStatus) == 0)
        #expect(directoryStatus.st_mode & 0o777 == 0o700)
    }

    @Test("token rotate: serve accepts the new token within seconds and the old one until its grace ends")
    func tokenRotation() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-rot")
        let database = directory.file("crm.sqlite")
        func webhookToken() throws -> String {
            let url = try JivoCRMBinary.run(["webhook-url", "--db", database], home: directory.path).stdout
            return String(url.split(separator: "\n").first?.split(separator: "/").last ?? "")
        }
        let original = try webhookToken()
        let server = try ServeProcess(
            database: database, home: directory.path, logPath: directory.file("serve.log"), token: nil)
        defer { server.stopHard() }
        let rotated = try JivoCRMBinary.run(
            ["token", "rotate", "--grace", "1h", "--yes", "--db", database], home: directory.path)
        #expect(rotated.status == 0)
        let fresh = try webhookToken()
        #expect(fresh != original)
        #expect(rotated.stdout.contains("new token: \(fresh)"))
        #expect(rotated.stdout.contains("stays valid until"))
        var freshStatus = 0
        for attempt in 0..<100 where freshStatus != 200 {
            freshStatus = try post(
                server.port, token: fresh, Bodies.accepted(chat: "rot-\(attempt)", email: "rot\(attempt)@example.com"))
            if freshStatus != 200 { usleep(100_000) }
        }
        #expect(freshStatus == 200, "serve never accepted the rotated token")
        #expect(try post(server.port, token: original, Bodies.accepted(chat: "old", email: "old@example.com")) == 200)
        #expect(
            try JivoCRMBinary.run(
                ["token", "rotate", "--grace", "0s", "--yes", "--db", database], home: directory.path
            ).status
                == 0)
        let newest = try webhookToken()
        var staleStatus = 200
        for attempt in 0..<100 where staleStatus != 404 {
            staleStatus = try post(
                server.port, token: fresh, Bodies.accepted(chat: "stale-\(attempt)", email: "s\(attempt)@example.com"))
            if staleStatus != 404 { usleep(100_000) }
        }
        #expect(staleStatus == 404, "a token past its grace period is still accepted")
        #expect(
            try post(server.port, token: original, Bodies.accepted(chat: "older", email: "older@example.com")) == 404)
        #expect(
            try post(server.port, token: newest, Bodies.accepted(chat: "newest", email: "newest@example.com")) == 200)
        #expect(
            try JivoCRMBinary.run(["token", "rotate", "--grace", "soon", "--db", database], home: directory.path).status
                == 2)
    }
}
