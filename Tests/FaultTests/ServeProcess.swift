import Foundation
import Glibc
import HTTPServer
import JivoProtocol
import Locking
import TestSupport

/// Why a fault test could not drive the binary.
struct FaultTestError: Error, CustomStringConvertible {
    /// What went wrong and what to do.
    let description: String
}

/// The built `jivocrm` binary: `JIVOCRM_BIN`, else the one beside this test bundle.
enum Binary {
    /// The binary's path (found as the other end-to-end tests find it).
    static var path: String { JivoCRMBinary.path }

    /// An environment with no jivocrm settings from the caller: HOME in `home`, nothing else set.
    static func environment(home: String, extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter {
            !$0.key.hasPrefix("JIVOCRM_") && !$0.key.hasPrefix("XDG_")
        }
        environment["HOME"] = home
        return environment.merging(extra) { $1 }
    }

    /// Runs `jivocrm arguments` to completion; returns its status and standard output.
    static func run(_ arguments: [String], home: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = environment(home: home)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The JSON that `jivocrm arguments --json` prints.
    static func json(_ arguments: [String], home: String) throws -> JSONValue {
        let (status, output) = try run(arguments + ["--json"], home: home)
        guard status == 0 else {
            throw FaultTestError(description: "jivocrm \(arguments.joined(separator: " ")) exited \(status)")
        }
        return try JSONParser.parse(Array(output.utf8))
    }
}

/// One `jivocrm serve` process on a free loopback port, killed when released.
final class ServeProcess: @unchecked Sendable {
    // Safety: `process` is started in init and only signalled or waited on afterwards; Process
    // itself is thread-safe for those calls.
    /// The token every request must carry.
    static let token = "faulttesttoken-0123456789abcdefABCDEF"

    private let process = Process()
    /// Where the process's standard error goes.
    let logPath: String
    /// The bound port.
    private(set) var port = 0

    /// Starts `jivocrm serve` on the store `database`, logging to `logPath`, and waits until it
    /// announces its address.
    init(
        database: String, home: String, logPath: String, listen: String = "127.0.0.1:0",
        token: String? = ServeProcess.token,
        environment: [String: String] = [:]
    ) throws {
        self.logPath = logPath
        guard FileManager.default.createFile(atPath: logPath, contents: nil) else {
            throw FaultTestError(description: "cannot create the log file \(logPath)")
        }
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.arguments = ["serve", "--listen", listen, "--db", database] + (token.map { ["--token", $0] } ?? [])
        process.environment = Binary.environment(home: home, extra: environment)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        try process.run()
        for _ in 0..<1000 {
            if let port = announcedPort() {
                self.port = port
                return
            }
            guard process.isRunning else { break }
            usleep(10_000)
        }
        stopHard()
        throw FaultTestError(description: "jivocrm serve did not announce its address; its log: \(log)")
    }

    deinit { stopHard() }

    /// The process id.
    var pid: Int32 { process.processIdentifier }

    /// Everything the process wrote to standard error so far.
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    private func announcedPort() -> Int? {
        guard
            let range = log.range(of: "listening on http://127.0.0.1:") ?? log.range(of: "listening on http://0.0.0.0:")
        else { return nil }
        return Int(log[range.upperBound...].prefix { $0.isNumber })
    }

    /// Sends `signal` to the process.
    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits for the process to end; returns its exit status (or the signal that ended it).
    @discardableResult
    func waitForExit() -> Int32 {
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Kills the process with SIGKILL if it still runs, and reaps it.
    func stopHard() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}

/// Webhook bodies with unique, checkable effects.
enum Bodies {
    /// A chat_accepted for chat `chat` whose visitor has the email `email`.
    static func accepted(chat: String, email: String, name: String = "Crash Test") -> [UInt8] {
        JSONValue.object([
            "event_name": .string("chat_accepted"), "chat_id": .string(chat), "widget_id": .string("w1"),
            "visitor": .object(["name": .string(name), "email": .string(email), "number": .string(chat)]),
            "agent": .object(["id": .string("1"), "name": .string("Anna"), "email": .string("anna@example.com")]),
        ]).serializedBytes()
    }

    /// An offline_message with id `id` and text `text`.
    static func offline(id: String, text: String, name: String = "Offline Visitor") -> [UInt8] {
        JSONValue.object([
            "event_name": .string("offline_message"), "widget_id": .string("w1"), "offline_message_id": .string(id),
            "message": .string(text),
            "visitor": .object([
                "name": .string(name), "email": .string("off-\(id)@example.com"), "number": .string("o\(id)"),
            ]),
        ]).serializedBytes()
    }
}

/// What load clients had acknowledged: the keys of every request answered 2xx.
final class Acknowledgements: Sendable {
    private let state = Locked<(emails: Set<String>, offline: Set<String>, other: [Int])>(([], [], []))

    /// Records an acknowledged chat whose visitor email is `email`.
    func chat(_ email: String) { state.withLock { _ = $0.emails.insert(email) } }
    /// Records an acknowledged offline message with text `text`.
    func offline(_ text: String) { state.withLock { _ = $0.offline.insert(text) } }
    /// Records a status that is neither 2xx nor a refusal the test expects.
    func unexpected(_ status: Int) { state.withLock { $0.other.append(status) } }

    /// Acknowledged visitor emails.
    var emails: Set<String> { state.withLock { $0.emails } }
    /// Acknowledged offline texts.
    var offline: Set<String> { state.withLock { $0.offline } }
    /// Unexpected statuses.
    var unexpectedStatuses: [Int] { state.withLock { $0.other } }
    /// How many requests were acknowledged.
    var count: Int { state.withLock { $0.emails.count + $0.offline.count } }
}

/// Concurrent clients that post unique webhooks to a server until told to stop.
final class LoadClients: Sendable {
    private let running = Locked(true)
    private let done = DispatchGroup()
    /// What the server acknowledged.
    let acknowledged: Acknowledgements

    /// Starts `count` clients against `port`, each naming its requests with `label`.
    init(count: Int, port: Int, label: String, acknowledged: Acknowledgements) {
        self.acknowledged = acknowledged
        for client in 0..<count {
            done.enter()
            let thread = Thread { [self] in
                post(port: port, prefix: "\(label)-\(client)")
                done.leave()
            }
            thread.start()
        }
    }

    private func post(port: Int, prefix: String) {
        let http = HTTPClient(port: port, timeout: 15)
        var number = 0
        while running.withLock({ $0 }) {
            number += 1
            let key = "\(prefix)-\(number)"
            let offline = number % 3 == 0
            let body =
                offline
                ? Bodies.offline(id: key, text: "text \(key)") : Bodies.accepted(chat: key, email: "\(key)@example.com")
            do {
                let response = try http.send(method: "POST", path: "/jivo/\(ServeProcess.token)", body: body)
                switch response.status {
                case 200 where offline: acknowledged.offline("text \(key)")
                case 200: acknowledged.chat("\(key)@example.com")
                case 503: break
                default: acknowledged.unexpected(response.status)
                }
            } catch {
                http.close()
                usleep(5_000)
            }
        }
    }

    /// Tells the clients to stop and waits for them.
    func stop() {
        running.withLock { $0 = false }
        done.wait()
    }
}

/// Checks a store against what was acknowledged, through the binary's JSON output.
enum StoreAudit {
    /// Every acknowledged email or offline text the store lacks, and the integrity verdict.
    static func missing(_ acknowledged: Acknowledgements, database: String, home: String) throws -> (
        missing: [String], check: String
    ) {
        let leads = try Binary.json(["leads", "--db", database], home: home).arrayValue ?? []
        var emails = Set<String>()
        for lead in leads {
            for email in lead["emails"]?.arrayValue ?? [] { if let text = email.stringValue { emails.insert(text) } }
        }
        let tasks = try Binary.json(["tasks", "--db", database], home: home).arrayValue ?? []
        let texts = Set(tasks.compactMap { $0["text"]?.stringValue })
        let missing =
            acknowledged.emails.subtracting(emails).sorted()
            + acknowledged.offline.subtracting(texts).sorted()
        let check = try Binary.run(["check", "--db", database], home: home)
        return (missing, "\(check.status) \(check.output.trimmingCharacters(in: .whitespacesAndNewlines))")
    }
}
