import CRMCore
import CRMStore
import Foundation
import Glibc
import HTTPServer
import JivoProtocol

/// `jivocrm-bench`: the measuring tools behind `make bench` (see Tests/Bench/run.sh). Each
/// subcommand prints `key value` lines that the script collects.
let arguments = Array(CommandLine.arguments.dropFirst())

func option(_ name: String, _ fallback: String) -> String {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return fallback }
    return arguments[index + 1]
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("jivocrm-bench: \(message)\n".utf8))
    exit(1)
}

func report(_ key: String, _ value: Double) {
    print("\(key) \(String(format: "%.3f", value))")
}

signal(SIGPIPE, SIG_IGN)
let database = option("--db", "")
switch arguments.first {
case "seed":
    guard !database.isEmpty else { fail("seed needs --db PATH") }
    let store = try Store(path: database)
    let seconds = try BenchSeeder.seed(
        store, leads: Int(option("--leads", "100000")) ?? 100_000, chatLeads: Int(option("--chat-leads", "0")) ?? 0,
        messagesPerLead: Int(option("--messages-per-lead", "0")) ?? 0,
        longTranscript: Int(option("--long-transcript", "0")) ?? 0)
    report("seed_seconds", seconds.leads + seconds.messages)
    report("leads_seconds", seconds.leads)
    report("messages_seconds", seconds.messages)
case "storage":
    guard !database.isEmpty else { fail("storage needs --db PATH") }
    let store = try Store(path: database)
    let seeded = Int(try store.database.scalar("SELECT count(*) FROM leads") ?? 0)
    let count = Int(option("--events", "5000")) ?? 5000
    let batch = Int(option("--batch", "1")) ?? 1
    let kind = option("--kind", "accepted")
    var bodies = BenchBodies(seed: UInt64(option("--seed", "1")) ?? 1)
    let offset = Int(option("--offset", "0")) ?? 0
    let returningShare = Double(option("--returning-share", "0.7")) ?? 0.7
    let payloads = (0..<count).map {
        kind == "finished"
            ? bodies.chatFinished(offset + $0, seededLeads: seeded, messages: 20)
            : bodies.chatAccepted(offset + $0, seededLeads: seeded, returningShare: returningShare)
    }
    let started = BenchClock.now()
    var index = 0
    while index < payloads.count {
        let slice = payloads[index..<min(index + batch, payloads.count)]
        try store.database.write {
            // As the listener's writer ingests: no savepoint per event (none of these fails).
            for body in slice {
                _ = try store.ingest(body: body, receivedAt: store.clock(), isolated: false)
            }
        }
        index += batch
    }
    report("events_per_second", Double(count) / (BenchClock.now() - started))
case "reply-latency":
    guard !database.isEmpty else { fail("reply-latency needs --db PATH") }
    // Counted on a connection of its own: the count reads a whole index, which the measured
    // connection's page cache must not start with.
    let seeded = Int(try Store(path: database).database.scalar("SELECT count(*) FROM leads") ?? 0)
    let count = Int(option("--events", "5000")) ?? 5000
    let offset = Int(option("--offset", "0")) ?? 0
    var bodies = BenchBodies(seed: UInt64(option("--seed", "99")) ?? 99)
    let payloads = (0..<count).map {
        bodies.chatAccepted(50_000_000 + offset + $0, seededLeads: seeded, returningShare: 1)
    }
    for (key, value) in try ReplyBench.run(path: database, bodies: payloads, cold: arguments.contains("--cold")) {
        report(key, value)
    }
case "decode":
    let count = Int(option("--events", "2000")) ?? 2000
    let share = Double(option("--returning-share", "0.7")) ?? 0.7
    var bodies = BenchBodies(seed: UInt64(option("--seed", "7")) ?? 7)
    let payloads = (0..<count).map { bodies.chatAccepted($0, seededLeads: 100_000, returningShare: share) }
    report("decoded_bytes", Double(DecodeBench.measure(payloads)))
case "console":
    guard !database.isEmpty else { fail("console needs --db PATH") }
    guard let lead = Int64(option("--lead", "")) else {
        fail("console needs --lead ID (the lead with the long transcript)")
    }
    for (key, value) in try ConsoleBench.run(path: database, longTranscriptLead: lead) { report(key, value) }
    report("console_peak_mib", BenchClock.peakMemoryMiB())
case "http-ceiling":
    let reply = HTTPResponse(
        status: 200, headers: [(name: "Content-Type", value: "application/json; charset=utf-8")],
        body: Array(#"{"result":"ok"}"#.utf8))
    let server = HTTPServer(
        configuration: HTTPServer.Configuration(port: Int(option("--port", "0")) ?? 0),
        handler: { _, responder in responder.send(reply) })
    let port = try server.start()
    print("port \(port)")
    fflush(nil)
    var signals = sigset_t()
    sigemptyset(&signals)
    sigaddset(&signals, SIGTERM)
    sigaddset(&signals, SIGINT)
    pthread_sigmask(SIG_BLOCK, &signals, nil)
    var received: Int32 = 0
    sigwait(&signals, &received)
    server.stop(grace: 1)
default:
    fail("usage: jivocrm-bench seed|storage|reply-latency [--cold]|decode|console|http-ceiling --db PATH [options]")
}
