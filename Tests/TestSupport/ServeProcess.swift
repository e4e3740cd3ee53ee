import Foundation
import Glibc
import HTTPServer
import JivoProtocol
import Subprocess

/// A `jivocrm serve` child process on 127.0.0.1 with a port the kernel picked, and a
/// keep-alive client to post webhooks to it. Killed and reaped when released if `stop()` was
/// not called.
public final class ServeProcess: @unchecked Sendable {
    // Safety: every stored property is set in init and never reassigned; `ChildProcess` is
    // Sendable, and the client is used by one test at a time.
    /// The bound port, read from the `listening on` line.
    public let port: Int
    /// The webhook token, read from the same line.
    public let token: String
    private let process: ChildProcess
    private let logPath: String
    private let client: HTTPClient

    /// A token tests can hand to `serve` and then post to, without reading it back.
    public static let fixedToken = "faulttesttoken-0123456789abcdefABCDEF"

    /// Starts `jivocrm serve --listen 127.0.0.1:0` with `arguments` (e.g. `--db`, `--config`)
    /// and waits (bounded) for its `listening on http://HOST:PORT/jivo/<token>` line.
    public convenience init(arguments: [String], environment: [String: String], directory: TemporaryDirectory)
        throws
    {
        try self.init(
            arguments: arguments, environment: environment, logPath: directory.file("serve-\(UUID().uuidString).log"))
    }

    /// Starts `jivocrm serve` on the store `database` with `home` as its home (no real
    /// configuration read), listening on `listen` with `token` (nil: the store's own), its
    /// output in `logPath`.
    public convenience init(
        database: String, home: String, logPath: String, listen: String = "127.0.0.1:0",
        token: String? = ServeProcess.fixedToken, environment extra: [String: String] = [:]
    ) throws {
        try self.init(
            arguments: ["--db", database] + (token.map { ["--token", $0] } ?? []),
            environment: JivoCRMBinary.environment(home: home, extra), logPath: logPath, listen: listen)
    }

    /// Starts `jivocrm serve --listen LISTEN` with `arguments` and `environment`, its standard
    /// output and error in `logPath`, and waits (bounded) for its `listening on` line.
    public init(
        arguments: [String], environment: [String: String], logPath: String, listen: String = "127.0.0.1:0"
    ) throws {
        self.logPath = logPath
        process = try ChildProcess(
            [JivoCRMBinary.path, "serve", "--listen", listen] + arguments, environment: environment,
            output: .file(logPath), errors: .output)
        var found: (Int, String)?
        for _ in 0..<600 {
            if let line = Self.listeningLine(in: logPath) {
                found = line
                break
            }
            if !process.isRunning { break }
            usleep(50_000)
        }
        guard let (port, token) = found else {
            process.signal(SIGKILL)
            process.wait()
            let log = String(decoding: FileManager.default.contents(atPath: logPath) ?? Data(), as: UTF8.self)
            throw ProcessFailure("jivocrm serve did not announce its address; its output:\n\(log)")
        }
        self.port = port
        self.token = token
        client = HTTPClient(host: "127.0.0.1", port: port, timeout: 10)
    }

    deinit {
        client.close()
        process.signal(SIGKILL)
        process.wait()
    }

    /// The webhook path, `/jivo/<token>`.
    public var webhookPath: String { "/jivo/\(token)" }

    /// Everything the server wrote to stdout and stderr so far.
    public var log: String {
        String(decoding: FileManager.default.contents(atPath: logPath) ?? Data(), as: UTF8.self)
    }

    /// Posts `body` to the webhook path on the kept-alive connection.
    public func post(_ body: [UInt8]) throws -> HTTPClientResponse {
        try client.send(
            method: "POST", path: webhookPath,
            headers: [(name: "Content-Type", value: "application/json; charset=utf-8")], body: body)
    }

    /// Posts `body` and returns the reply parsed as JSON; throws unless the status is 200.
    public func deliver(_ body: [UInt8]) throws -> JSONValue {
        let response = try post(body)
        guard response.status == 200 else {
            throw ProcessFailure(
                "webhook answered \(response.status): \(String(decoding: response.body, as: UTF8.self))")
        }
        return try JSONParser.parse(response.body)
    }

    /// The process id.
    public var pid: Int32 { process.pid }

    /// Sends `signal` to the process (unless it has ended and been reaped).
    public func signal(_ number: Int32) { process.signal(number) }

    /// Waits for the process to end; returns its exit status, or 128 plus the signal that ended it.
    @discardableResult
    public func waitForExit() -> Int32 {
        client.close()
        return process.wait()
    }

    /// Kills the process with SIGKILL if it still runs, and reaps it.
    public func stopHard() {
        client.close()
        process.signal(SIGKILL)
        process.wait()
    }

    /// Sends SIGTERM and waits for the process; returns its exit status.
    @discardableResult
    public func stop() -> Int32 {
        client.close()
        process.signal(SIGTERM)
        return process.wait()
    }

    private static func listeningLine(in path: String) -> (Int, String)? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard let range = line.range(of: "listening on http://") else { continue }
            let url = line[range.upperBound...]
            guard let slash = url.firstIndex(of: "/"), let colon = url[..<slash].lastIndex(of: ":"),
                let port = Int(url[url.index(after: colon)..<slash])
            else { continue }
            let path = url[slash...]
            guard path.hasPrefix("/jivo/") else { continue }
            return (port, String(path.dropFirst("/jivo/".count)))
        }
        return nil
    }
}
