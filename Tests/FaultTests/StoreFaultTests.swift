import Foundation
import Glibc
import HTTPServer
import JivoProtocol
import Subprocess
import Testing
import TestSupport

/// The store refusing writes (disk full, read-only, locked by another process): the listener
/// keeps what it could not commit in its spool and answers 202 (503 when the spool cannot keep
/// it either: a full disk), keeps running, and recovers by itself, applying what it spooled.
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
            case 200, 202: acknowledged.offline(text)
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

    @Test(
        "read-only store (chattr +i): spooled (202) and /healthz 503, applied and 200 once writable",
        .enabled(if: canMount))
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
        #expect(try post(client, Bodies.accepted(chat: "refused", email: "refused@example.com")) == 202)
        acknowledged.chat("refused@example.com")
        #expect(try health(client) == 503)
        let whileReadOnly = try JivoCRMBinary.json(["leads", "--db", database], home: home.path).arrayValue ?? []
        #expect(
            !whileReadOnly.contains { $0["email"]?.stringValue == "refused@example.com" }, "applied while read-only")
        #expect(tool("/usr/bin/chattr", ["-i"] + files) == 0)
        #expect(
            eventually {
                ((try? self.leads("refused@example.com", database: database, home: home.path)) ?? []).count == 1
            },
            "the spooled event was not applied once the store was writable; log: \(server.log)")
        #expect(try post(client, Bodies.accepted(chat: "after", email: "after@example.com")) == 200)
        acknowledged.chat("after@example.com")
        #expect(try health(client) == 200)
        server.signal(SIGTERM)
        #expect(server.waitForExit() == 0)
        let audit = try StoreAudit.missing(acknowledged, database: database, home: home.path)
        #expect(audit.missing.isEmpty, "acknowledged but not stored: \(audit.missing)")
        #expect(audit.check == "0 ok")
        let leads = try JivoCRMBinary.json(["leads", "--db", database], home: home.path).arrayValue ?? []
        #expect(leads.filter { $0["email"]?.stringValue == "refused@example.com" }.count == 1, "\(server.log)")
    }

    /// Starts `sqlite3` on `database` holding its write lock (an open `BEGIN IMMEDIATE`), once
    /// it says it holds it; ``release(_:)`` ends it.
    private func holdWriteLock(_ database: String) throws -> ChildProcess {
        let holder = try ChildProcess(["/usr/bin/sqlite3", database], input: .pipe, output: .pipe)
        holder.write(
            Array("BEGIN IMMEDIATE;\nINSERT INTO settings(key, value) VALUES ('held', '1');\nSELECT 'locked';\n".utf8))
        var said: [UInt8] = []
        while !String(decoding: said, as: UTF8.self).contains("locked") {
            let chunk = holder.readOutput()
            if chunk.isEmpty { break }
            said += chunk
        }
        #expect(String(decoding: said, as: UTF8.self).contains("locked"), "sqlite3 did not take the lock")
        return holder
    }

    /// Rolls the lock holder's transaction back and waits for it to end.
    private func release(_ holder: ChildProcess) {
        holder.write(Array("ROLLBACK;\n.quit\n".utf8))
        holder.closeInput()
        holder.wait()
    }

    /// The leads whose email is `email`.
    private func leads(_ email: String, database: String, home: String) throws -> [JSONValue] {
        let leads = try JivoCRMBinary.json(["leads", "--db", database], home: home).arrayValue ?? []
        return leads.filter { $0["email"]?.stringValue == email }
    }

    @Test("another process holding the write lock: the body is spooled (202), then applied in order, without a resend")
    func lockedStore() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-lock")
        let database = directory.file("crm.sqlite")
        let server = try ServeProcess(database: database, home: directory.path, logPath: directory.file("serve.log"))
        defer { server.stopHard() }
        let client = HTTPClient(port: server.port)
        #expect(try post(client, Bodies.accepted(chat: "before", email: "before@example.com")) == 200)
        let eventsBefore = try JivoCRMBinary.json(["events", "--db", database], home: directory.path).arrayValue?.count
        let holder = try holdWriteLock(database)
        defer {
            holder.signal(SIGKILL)
            holder.wait()
        }
        #expect(try post(client, Bodies.accepted(chat: "locked", email: "locked@example.com")) == 202)
        #expect(try post(client, Bodies.finished(chat: "locked", text: "spooled transcript")) == 202)
        #expect(try health(client) == 503)
        #expect(
            try JivoCRMBinary.json(["events", "--db", database], home: directory.path).arrayValue?.count
                == eventsBefore,
            "an event was written while another process held the lock")
        // Long enough for the writer to try the spool once and be refused (a second after the
        // refusal, plus the busy timeout), which says nothing more in the log.
        usleep(4_000_000)
        release(holder)
        #expect(
            eventually {
                ((try? leads("locked@example.com", database: database, home: directory.path)) ?? []).count == 1
            },
            "the spooled event was not applied after the lock was released; log: \(server.log)")
        #expect(try health(client) == 200)
        let events = try JivoCRMBinary.json(["events", "--db", database], home: directory.path).arrayValue ?? []
        #expect(events.count == (eventsBefore ?? 0) + 2, "\(events.map { $0.serialized() })")
        let spooled = events.sorted { ($0["id"]?.int64Value ?? 0) < ($1["id"]?.int64Value ?? 0) }.suffix(2)
        #expect(
            spooled.map { $0["event_name"]?.stringValue ?? "" } == ["chat_accepted", "chat_finished"],
            "the spooled events were not applied in the order received: \(events.map { $0.serialized() })")
        #expect(spooled.allSatisfy { $0["status"]?.stringValue == "applied" })
        let lead = try #require(leads("locked@example.com", database: database, home: directory.path).first)
        let shown = try JivoCRMBinary.run(
            ["show", String(lead["id"]?.int64Value ?? 0), "--db", database], home: directory.path)
        #expect(shown.stdout.contains("spooled transcript"), "\(shown.stdout)")
        #expect(server.log.contains("kept 1 webhook in the spool"), "\(server.log)")
        #expect(
            server.log.components(separatedBy: "store refused a write").count == 2,
            "the refusal was not said once: \(server.log)")
        #expect(server.log.contains("applied 2 spooled webhooks"), "\(server.log)")
        #expect(try post(client, Bodies.accepted(chat: "locked", email: "locked@example.com")) == 200)
        #expect(try leads("locked@example.com", database: database, home: directory.path).count == 1)
        #expect(try JivoCRMBinary.run(["check", "--db", database], home: directory.path).stdout == "ok\n")
    }

    @Test(
        "a body spooled and answered 202 survives a SIGKILL: doctor names it, migrate waits, the next serve applies it")
    func spooledBodySurvivesAKill() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-spool-kill")
        let database = directory.file("crm.sqlite")
        let server = try ServeProcess(database: database, home: directory.path, logPath: directory.file("serve.log"))
        defer { server.stopHard() }
        let client = HTTPClient(port: server.port)
        #expect(try post(client, Bodies.accepted(chat: "before", email: "before@example.com")) == 200)
        let holder = try holdWriteLock(database)
        defer {
            holder.signal(SIGKILL)
            holder.wait()
        }
        #expect(try post(client, Bodies.offline(id: "spooled", text: "call me about the spool")) == 202)
        server.signal(SIGKILL)
        #expect(server.waitForExit() == 128 + SIGKILL)
        release(holder)
        let waiting = try JivoCRMBinary.run(["doctor", "--db", database], home: directory.path)
        #expect(waiting.status == 1)
        #expect(
            waiting.stdout.contains("FAIL spool      1 webhook waits in \(database).spool since "), "\(waiting.stdout)")
        let copy = try JivoCRMBinary.run(
            ["migrate", "--db", database, "--to", directory.file("copy.sqlite")], home: directory.path)
        #expect(copy.status == 1)
        #expect(copy.stderr.contains("1 webhook waits in the spool \(database).spool"), "\(copy.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.file("copy.sqlite")))
        let restarted = try ServeProcess(
            database: database, home: directory.path, logPath: directory.file("serve-2.log"))
        defer { restarted.stopHard() }
        #expect(
            eventually {
                let events =
                    (try? JivoCRMBinary.json(["events", "--db", database], home: directory.path).arrayValue) ?? []
                return events.contains { $0["event_name"]?.stringValue == "offline_message" }
            }, "the spooled body was not applied by the next serve; log: \(restarted.log)")
        #expect(
            try JivoCRMBinary.run(["doctor", "--db", database], home: directory.path).stdout.contains(
                "ok   spool      empty"))
        #expect(restarted.stop() == 0)
        let tasks = try JivoCRMBinary.run(["tasks", "--db", database], home: directory.path)
        #expect(tasks.stdout.components(separatedBy: "call me about the spool").count == 2, "\(tasks.stdout)")
        let events = try JivoCRMBinary.json(["events", "--db", database], home: directory.path).arrayValue ?? []
        #expect(events.count == 2, "\(events.map { $0.serialized() })")
        #expect(try JivoCRMBinary.run(["check", "--db", database], home: directory.path).stdout == "ok\n")
    }

    @Test("serve on a store this user may only read refuses to start, saying so, instead of spooling forever")
    func readOnlyForThisUser() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-readonly-user")
        let database = directory.file("crm.sqlite")
        #expect(try JivoCRMBinary.run(["init", "--db", database], home: directory.path).status == 0)
        // Root writes any file, so the store is handed to nobody, who may only read it.
        let asRoot = getuid() == 0
        if asRoot { #expect(tool("/bin/chown", ["-R", "nobody", directory.path]) == 0) }
        #expect(chmod(database, 0o444) == 0)
        let command =
            (asRoot ? ["runuser", "-u", "nobody", "--"] : [])
            + ["timeout", "20", "env", "HOME=\(directory.path)", JivoCRMBinary.path, "serve", "--db", database]
            + ["--listen", "127.0.0.1:0"]
            + ["--token", ServeProcess.fixedToken]
        let (status, output) = ChildProcess.run(command, includingErrors: true)
        #expect(status == 1, "\(output)")
        #expect(output.contains("the store \(database) opened read-only"), "\(output)")
        #expect(output.contains("give this user write permission"), "\(output)")
    }
}
