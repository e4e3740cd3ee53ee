import Foundation
import Glibc
import HTTPServer
import JivoProtocol
import Subprocess
import Testing
import TestSupport

/// The store refusing writes (disk full, read-only, locked by another process): the listener
/// answers 503 for what it could not commit, keeps running, and recovers by itself.
@Suite("Store faults", .serialized)
struct StoreFaultTests {
    /// Posts `body`; returns the status.
    private func post(_ client: HTTPClient, _ body: [UInt8]) throws -> Int {
        try client.send(method: "POST", path: "/jivo/\(ServeProcess.fixedToken)", body: body).status
    }

    private func health(_ client: HTTPClient) throws -> Int {
        try client.send(path: "/healthz").status
    }

    /// An offline message text that makes the store grow by about 256 KiB.
    private func largeText(_ key: String) -> String {
        key + String(repeating: "x", count: 256 * 1024)
    }

    @Test("disk full: 503 and /healthz 503 while full, 200 again once space returns", .enabled(if: canMount))
    func diskFull() throws {
        let mount = try LoopMount(megabytes: 24)
        defer { mount.unmount() }
        let home = TemporaryDirectory(prefix: "jivocrm-full")
        let database = mount.path + "/crm.sqlite"
        let server = try ServeProcess(database: database, home: home.path, logPath: home.file("serve.log"))
        defer { server.stopHard() }
        let client = HTTPClient(port: server.port)
        let acknowledged = Acknowledgements()
        #expect(try post(client, Bodies.accepted(chat: "before", email: "before@example.com")) == 200)
        acknowledged.chat("before@example.com")
        mount.fill("filler")
        var refused = 0
        for attempt in 0..<20 {
            let text = largeText("full-\(attempt)")
            switch try post(client, Bodies.offline(id: "full-\(attempt)", text: text)) {
            case 200: acknowledged.offline(text)
            case 503: refused += 1
            case let status: Issue.record("answered \(status) on a full disk")
            }
        }
        #expect(refused > 0, "no request was refused on a full disk")
        #expect(try health(client) == 503)
        try FileManager.default.removeItem(atPath: mount.path + "/filler")
        #expect(try post(client, Bodies.accepted(chat: "after", email: "after@example.com")) == 200)
        acknowledged.chat("after@example.com")
        #expect(try health(client) == 200)
        #expect(server.log.contains("store refused a write"))
        server.signal(SIGTERM)
        #expect(server.waitForExit() == 0)
        let audit = try StoreAudit.missing(acknowledged, database: database, home: home.path)
        #expect(audit.missing.isEmpty, "acknowledged but not stored: \(audit.missing.map { $0.prefix(40) })")
        #expect(audit.check == "0 ok")
    }

    @Test("read-only store (chattr +i): 503 and /healthz 503, 200 again once writable", .enabled(if: canMount))
    func readOnly() throws {
        let mount = try LoopMount(megabytes: 24)
        defer { mount.unmount() }
        let home = TemporaryDirectory(prefix: "jivocrm-ro")
        let database = mount.path + "/crm.sqlite"
        let server = try ServeProcess(database: database, home: home.path, logPath: home.file("serve.log"))
        defer { server.stopHard() }
        let client = HTTPClient(port: server.port)
        let acknowledged = Acknowledgements()
        #expect(try post(client, Bodies.accepted(chat: "before", email: "before@example.com")) == 200)
        acknowledged.chat("before@example.com")
        let files = [database, database + "-wal"]
        #expect(tool("/usr/bin/chattr", ["+i"] + files) == 0)
        #expect(try post(client, Bodies.accepted(chat: "refused", email: "refused@example.com")) == 503)
        #expect(try health(client) == 503)
        #expect(tool("/usr/bin/chattr", ["-i"] + files) == 0)
        #expect(try post(client, Bodies.accepted(chat: "after", email: "after@example.com")) == 200)
        acknowledged.chat("after@example.com")
        #expect(try health(client) == 200)
        server.signal(SIGTERM)
        #expect(server.waitForExit() == 0)
        let audit = try StoreAudit.missing(acknowledged, database: database, home: home.path)
        #expect(audit.missing.isEmpty, "acknowledged but not stored: \(audit.missing)")
        #expect(audit.check == "0 ok")
        let leads = try JivoCRMBinary.json(["leads", "--db", database], home: home.path).arrayValue ?? []
        #expect(!leads.contains { $0["email"]?.stringValue == "refused@example.com" }, "a refused event was applied")
    }

    @Test("another process holding the write lock: 503 after the busy timeout, nothing half-applied, 200 after release")
    func lockedStore() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-lock")
        let database = directory.file("crm.sqlite")
        let server = try ServeProcess(database: database, home: directory.path, logPath: directory.file("serve.log"))
        defer { server.stopHard() }
        let client = HTTPClient(port: server.port)
        #expect(try post(client, Bodies.accepted(chat: "before", email: "before@example.com")) == 200)
        let eventsBefore = try JivoCRMBinary.json(["events", "--db", database], home: directory.path).arrayValue?.count
        let holder = try ChildProcess(["/usr/bin/sqlite3", database], input: .pipe, output: .pipe)
        defer {
            holder.signal(SIGKILL)
            holder.wait()
        }
        holder.write(
            Array("BEGIN IMMEDIATE;\nINSERT INTO settings(key, value) VALUES ('held', '1');\nSELECT 'locked';\n".utf8))
        var said: [UInt8] = []
        while !String(decoding: said, as: UTF8.self).contains("locked") {
            let chunk = holder.readOutput()
            if chunk.isEmpty { break }
            said += chunk
        }
        #expect(String(decoding: said, as: UTF8.self).contains("locked"), "sqlite3 did not take the lock")
        #expect(try post(client, Bodies.accepted(chat: "locked", email: "locked@example.com")) == 503)
        #expect(try health(client) == 503)
        holder.write(Array("ROLLBACK;\n.quit\n".utf8))
        holder.closeInput()
        holder.wait()
        #expect(
            try JivoCRMBinary.json(["events", "--db", database], home: directory.path).arrayValue?.count
                == eventsBefore,
            "the refused event left a row")
        #expect(try post(client, Bodies.accepted(chat: "locked", email: "locked@example.com")) == 200)
        #expect(try health(client) == 200)
        let leads = try JivoCRMBinary.json(["leads", "--db", database], home: directory.path).arrayValue ?? []
        #expect(
            leads.filter { $0["email"]?.stringValue == "locked@example.com" }.count == 1,
            "leads: \(leads.map { $0.serialized() }); log: \(server.log)")
        #expect(try JivoCRMBinary.run(["check", "--db", database], home: directory.path).stdout == "ok\n")
    }
}
