import Foundation
import Glibc
import PostgresClient
import Subprocess
import Testing
import TestSupport

/// The team deployment the README describes: listeners on one PostgreSQL database behind the
/// shipped nginx configuration (`Resources/nginx/jivocrm.conf`), each running as a role with
/// only the grants the README lists.
@Suite("deployment on PostgreSQL", .serialized)
struct PostgresDeploymentTests {
    private static let resources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Resources").path

    @Test("webhooks through the shipped nginx configuration reach two listeners and land once, also with one down")
    func nginxInFrontOfTwoListeners() throws {
        let cluster = try PostgresCluster()
        let url = try cluster.createStore("crm")
        let directory = TemporaryDirectory(prefix: "jivocrm-pg-nginx")
        let servers = try [0, 1].map { index in
            try ServeProcess(database: url, home: directory.path, logPath: directory.file("serve-\(index).log"))
        }
        let proxy = try Nginx(
            configuration: String(contentsOfFile: Self.resources + "/nginx/jivocrm.conf", encoding: .utf8),
            listeners: servers.map(\.port), directory: directory)
        defer { proxy.stop() }
        #expect(try proxy.request("GET", "/healthz") == "200")
        #expect(try proxy.request("GET", "/") == "404")
        #expect(try proxy.request("GET", "/jivo/not-the-token") == "404")
        var sent: [String] = []
        for number in 0..<20 {
            let chat = "nginx-\(number)"
            let body = ServeBodies.accepted(chat: chat, email: "\(chat)@example.com")
            #expect(try proxy.post(body, to: "/jivo/\(ServeProcess.fixedToken)") == "200", "\(chat)")
            sent.append(chat)
            if number == 10 {
                // One host goes down: nginx sends the rest to the other listener.
                #expect(servers[0].stop() == 0, "\(servers[0].log)")
            }
            if number % 5 == 0 {
                // A redelivery (JivoChat's retry) lands as a duplicate, whichever listener takes it.
                #expect(try proxy.post(body, to: "/jivo/\(ServeProcess.fixedToken)") == "200", "\(chat)")
            }
        }
        let connection = try PostgresConnection(#require(PostgresAddress(url)))
        let applied = try connection.query("SELECT chat_id FROM events WHERE status = 'applied' ORDER BY id")
            .map { try $0.text("chat_id") }
        #expect(applied == sent)
        let duplicates = try connection.query("SELECT count(*) AS n FROM events WHERE status = 'duplicate'")
        #expect(try duplicates.first?.integer("n") == 4)
        let leads = try connection.query("SELECT count(*) AS n FROM leads").first?.integer("n")
        #expect(leads == 20)
        for (index, server) in servers.enumerated() {
            #expect(server.log.contains("POST /jivo/…"), "listener \(index) took no webhook: \(server.log)")
        }
        #expect(servers[1].stop() == 0, "\(servers[1].log)")
    }

    @Test("a role with only the README's grants runs serve and the operator verbs")
    func theReadmesGrantsAreEnough() throws {
        let cluster = try PostgresCluster()
        let ownerURL = try cluster.createDatabase("crm")
        let directory = TemporaryDirectory(prefix: "jivocrm-pg-grants")
        let environment = JivoCRMBinary.environment(home: directory.path)
        let initialized = try JivoCRMBinary.run(
            ["init", "--db", ownerURL], environment: environment)
        #expect(initialized.status == 0, "\(initialized.stderr)")
        // The README's statements for the application's role, as an administrator would paste them.
        let readme = try String(contentsOfFile: Self.resources + "/../README.md", encoding: .utf8)
        let statements = readme.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { ($0.hasPrefix("GRANT ") || $0.hasPrefix("CREATE ROLE ")) && $0.contains("jivocrm_app") }
        #expect(statements.count >= 3, "the README lists the role and its grants: \(statements)")
        #expect(statements.contains { $0.hasPrefix("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES") })
        _ = try cluster.psql(statements.joined(separator: " "), database: "crm")
        let appURL = cluster.url(database: "crm", user: "jivocrm_app")
        let server = try ServeProcess(database: appURL, home: directory.path, logPath: directory.file("serve.log"))
        let body = ServeBodies.accepted(chat: "grants-1", email: "grants@example.com")
        #expect(try server.post(body).status == 200, "\(server.log)")
        #expect(try server.post(body).status == 200, "\(server.log)")
        let steps: [[String]] = [
            ["leads", "--json"], ["leads", "--search", "grants", "--json"],
            ["managers", "add", "boss@example.com", "--name", "Boss", "--default"],
            ["assign", "1", "boss@example.com"], ["status", "1", "qualified"], ["note", "add", "1", "Called back"],
            ["edit", "1", "--name", "Grant Test"], ["field", "1", "--set", "Budget=100k"],
            ["task", "add", "1", "Call again"], ["done", "1"], ["contacts", "1", "add", "phone", "+7 903 946 82 00"],
            ["undo"], ["show", "1", "--json"], ["events", "--json"], ["webhook-url"], ["token", "rotate", "--yes"],
            ["export", "--format", "csv"],
        ]
        for arguments in steps {
            let result = try JivoCRMBinary.run(
                arguments + ["--db", appURL], environment: environment)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("permission denied"), "\(arguments): \(result.stderr)")
        }
        #expect(try server.post(ServeBodies.accepted(chat: "grants-2", email: "grants@example.com")).status == 200)
        #expect(server.stop() == 0, "\(server.log)")
        #expect(!server.log.contains("permission denied"), "\(server.log)")
    }
}

/// nginx as an unprivileged-port proxy on 127.0.0.1, run from a temporary prefix with the
/// shipped configuration: its listener addresses pointed at the test's listeners, its TLS at a
/// self-signed certificate made for the run.
private final class Nginx {
    let port: Int
    private let directory: TemporaryDirectory
    private let main: String

    init(configuration: String, listeners: [Int], directory: TemporaryDirectory) throws {
        self.directory = directory
        main = directory.file("nginx.conf")
        let made = ChildProcess.run(
            [
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                "-keyout", directory.file("key.pem"), "-out", directory.file("cert.pem"),
            ], includingErrors: true)
        guard made.status == 0 else { throw ProcessFailure("openssl could not make a certificate: \(made.output)") }
        port = try Self.unusedPort()
        let addresses = ["10.0.0.11:8080", "10.0.0.12:8080"]
        guard addresses.allSatisfy(configuration.contains), configuration.contains("listen 443 ssl;") else {
            throw ProcessFailure("the shipped nginx configuration no longer names the placeholders this test replaces")
        }
        var site = configuration.replacingOccurrences(of: "listen 443 ssl;", with: "listen 127.0.0.1:\(port) ssl;")
            .replacingOccurrences(
                of: "/etc/letsencrypt/live/crm.example.com/fullchain.pem", with: directory.file("cert.pem")
            )
            .replacingOccurrences(
                of: "/etc/letsencrypt/live/crm.example.com/privkey.pem", with: directory.file("key.pem"))
        for (address, listener) in zip(addresses, listeners) {
            site = site.replacingOccurrences(of: address, with: "127.0.0.1:\(listener)")
        }
        try site.write(toFile: directory.file("jivocrm.conf"), atomically: true, encoding: .utf8)
        let wrapper = """
            pid \(directory.file("nginx.pid"));
            error_log \(directory.file("nginx-error.log"));
            worker_processes 1;
            events { worker_connections 64; }
            http {
                client_body_temp_path \(directory.file("body"));
                proxy_temp_path \(directory.file("proxy"));
                fastcgi_temp_path \(directory.file("fastcgi"));
                uwsgi_temp_path \(directory.file("uwsgi"));
                scgi_temp_path \(directory.file("scgi"));
                include \(directory.file("jivocrm.conf"));
            }

            """
        try wrapper.write(toFile: main, atomically: true, encoding: .utf8)
        let checked = ChildProcess.run(Self.nginx + ["-t", "-p", directory.path, "-c", main], includingErrors: true)
        guard checked.status == 0 else { throw ProcessFailure("nginx -t refused the configuration: \(checked.output)") }
        let started = ChildProcess.run(Self.nginx + ["-p", directory.path, "-c", main], includingErrors: true)
        guard started.status == 0 else { throw ProcessFailure("nginx did not start: \(started.output)") }
        guard eventually(attempts: 100, every: 50_000, { (try? self.request("GET", "/")) != nil }) else {
            stop()
            throw ProcessFailure("nginx does not answer on 127.0.0.1:\(port)")
        }
    }

    /// nginx from PATH or Debian's /usr/sbin (`apt-get install nginx`).
    private static let nginx = [
        FileManager.default.isExecutableFile(atPath: "/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx"
    ]

    /// A request through nginx over TLS with curl; the status it answered.
    func request(_ method: String, _ path: String, body: String? = nil) throws -> String {
        var arguments = [
            "curl", "-sk", "--max-time", "20", "-o", "/dev/null", "-w", "%{http_code}", "-X", method,
        ]
        if let body { arguments += ["-H", "Content-Type: application/json", "--data-binary", "@" + body] }
        let result = ChildProcess.run(arguments + ["https://127.0.0.1:\(port)\(path)"], includingErrors: true)
        guard result.status == 0 else {
            throw ProcessFailure("curl \(path) failed (\(result.status)): \(result.output)")
        }
        return result.output
    }

    /// POSTs `body` to `path` through nginx.
    func post(_ body: [UInt8], to path: String) throws -> String {
        let file = directory.file("body-\(UUID().uuidString).json")
        try Data(body).write(to: URL(fileURLWithPath: file))
        return try request("POST", path, body: file)
    }

    /// Stops nginx at once.
    func stop() {
        ChildProcess.run(Self.nginx + ["-p", directory.path, "-c", main, "-s", "stop"], includingErrors: true)
    }

    /// A TCP port on 127.0.0.1 nothing listens on now (the kernel's pick, then released).
    private static func unusedPort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ProcessFailure("socket: errno \(errno)") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                guard Glibc.bind(descriptor, pointer, length) == 0 else { return -1 }
                return getsockname(descriptor, pointer, &length)
            }
        }
        guard bound == 0 else { throw ProcessFailure("cannot find a free port: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
