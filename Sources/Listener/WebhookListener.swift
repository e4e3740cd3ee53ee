import CRMCore
import CRMStore
import Foundation
import HTTPServer
import JivoProtocol
import Locking

/// The webhook application: routes, the token check, the ingest writer, health, and one log
/// line per request (never the token or personal data).
public final class WebhookListener: Sendable {
    /// How the listener is set up.
    public struct Configuration: Sendable {
        /// Address to bind.
        public var host: String
        /// Port to bind; 0 picks a free one.
        public var port: Int
        /// Tokens accepted in `/jivo/<token>` (the current one first).
        public var tokens: [String]
        /// Tokens replaced by a rotation, accepted until their expiry (Unix ms).
        public var retiringTokens: [(token: String, expiresAt: Int64)] = []
        /// The store's path.
        public var storePath: String
        /// The CRM rules' settings.
        public var settings: CRMSettings
        /// How long a write waits for another process's lock before answering 503, ms.
        public var busyTimeout: Int32
        /// HTTP limits and timeouts.
        public var http: HTTPServer.Configuration
        /// Where bodies the store refuses are kept until it takes writes again (answered 202);
        /// nil: they are answered 503 and not kept.
        public var spoolPath: String?
        /// `http://` URLs every kept event is forwarded to, byte for byte.
        public var forwardTargets: [String] = []
        /// The first retry of a failed forward waits this long, ms; each later one twice as long.
        public var forwardBackoff: Int64 = 1000
        /// The listener's clock, in milliseconds since 1970: when a request was received (the
        /// time its event is stored with), and how long answering it took.
        public var clock: @Sendable () -> Int64 = Store.systemMilliseconds

        /// A configuration.
        public init(
            host: String = "127.0.0.1", port: Int = 8080, tokens: [String], storePath: String,
            settings: CRMSettings = CRMSettings(), busyTimeout: Int32 = 2500,
            http: HTTPServer.Configuration = HTTPServer.Configuration()
        ) {
            self.host = host
            self.port = port
            self.tokens = tokens
            self.storePath = storePath
            self.settings = settings
            self.busyTimeout = busyTimeout
            self.http = http
        }
    }

    /// A batch of committed events, for whoever shows them (the console); an empty batch when
    /// only the listener's status changed (the store refused a write), so the display can show it.
    public typealias ChangeHandler = @Sendable ([IngestResult]) -> Void

    private let configuration: Configuration
    private let log: @Sendable (String) -> Void
    private let writer: IngestWriter
    private let server: HTTPServer
    private let acceptedTokens: AcceptedTokens
    private let heartbeat = Locked<HeartbeatTimer?>(nil)
    private let forwarder: Forwarder
    private let pages: LeadPageServer
    private let metrics: MetricsPage
    /// What the listener has been doing.
    public let status: ListenerStatusBoard

    /// A listener; `log` receives one line per request, `onChange` each committed batch.
    public init(
        configuration: Configuration, log: @escaping @Sendable (String) -> Void,
        onChange: @escaping ChangeHandler = { _ in }
    ) {
        let status = ListenerStatusBoard()
        self.configuration = configuration
        self.log = log
        self.status = status
        let forwarder = Forwarder(
            storePath: configuration.storePath, busyTimeout: configuration.busyTimeout,
            targets: configuration.forwardTargets.compactMap(Forwarder.Target.init),
            backoffBase: configuration.forwardBackoff, log: log)
        self.forwarder = forwarder
        writer = IngestWriter(
            storePath: configuration.storePath, settings: configuration.settings,
            busyTimeout: configuration.busyTimeout,
            onCommit: { results in
                let now = configuration.clock()
                status.update { state in
                    state.storeWritable = true
                    state.lastError = nil
                    for result in results { state.metrics.count(event: result.eventName, outcome: result.status) }
                    state.eventsCommitted += results.count
                    state.recentEvents.removeAll { $0 <= now - 3_600_000 }
                    state.recentEvents += Array(repeating: now, count: results.count)
                }
                forwarder.poke()
                onChange(results)
            },
            onError: { error in
                status.update {
                    $0.storeWritable = false
                    $0.lastError = error.message
                }
                log("store refused a write: \(error.message)")
                onChange([])
            },
            onCheckpointFailure: { error in
                log("checkpointing the store failed: \(error.message)")
            },
            spoolPath: configuration.spoolPath,
            onSpool: { line in log(line) })
        var http = configuration.http
        http.host = configuration.host
        http.port = configuration.port
        // A request refused before it reached the router (a body over the limit, broken
        // framing, a timeout) is in no event row: its one line is in the listener's log.
        if http.log == nil { http.log = { line in log(line + " (not kept)") } }
        acceptedTokens = AcceptedTokens(configuration.tokens, retiring: configuration.retiringTokens)
        pages = LeadPageServer(
            storePath: configuration.storePath, settings: configuration.settings,
            busyTimeout: configuration.busyTimeout)
        metrics = MetricsPage(storePath: configuration.storePath, busyTimeout: configuration.busyTimeout)
        let router = Router(
            tokens: acceptedTokens, writer: writer, pages: pages, metrics: metrics, status: status,
            clock: configuration.clock, log: log)
        server = HTTPServer(
            configuration: http,
            handler: { request, responder in
                router.handle(request, responder)
            })
    }

    /// Binds the socket, opens the store and starts serving; returns the bound port. Lead page
    /// links in replies start with the configured public URL, else this listener's address.
    public func start() throws -> Int {
        if let bad = configuration.forwardTargets.first(where: { Forwarder.Target($0) == nil }) {
            throw ForwardTargetError.notPlainHTTP(bad)
        }
        let port = try server.start()
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        let address = "http://\(host):\(port)"
        do {
            try writer.start(
                publicURL: configuration.settings.publicURL.isEmpty ? address : configuration.settings.publicURL)
        } catch {
            server.stop(grace: 0)
            throw error
        }
        let beat = Heartbeat(
            listener: "\(ProcessInfo.processInfo.hostName):\(getpid())", address: address,
            startedAt: configuration.clock())
        do {
            // The first heartbeat is written before start returns, so a command run as soon as
            // this listener announces itself finds it. A store that refuses writes now (a full
            // disk) is no reason not to listen: the beat only helps others find this listener.
            let store = try Store(path: configuration.storePath, busyTimeout: configuration.busyTimeout)
            try store.database.write {
                try store.beat(
                    listener: beat.listener, address: beat.address, startedAt: beat.startedAt, now: store.clock())
            }
        } catch {
            log("cannot record this listener's heartbeat in the store: \(error)")
        }
        let timer = HeartbeatTimer(beat, writer: writer)
        do {
            try forwarder.start()
            try timer.start()
        } catch {
            server.stop(grace: 0)
            forwarder.stop()
            writer.stop()
            throw error
        }
        heartbeat.withLock { $0 = timer }
        status.update {
            $0.listening = true
            $0.webhookURL = "http://\(host):\(port)/jivo/\(configuration.tokens.first ?? "")"
        }
        return port
    }

    /// Stops accepting, lets requests in flight finish (up to `grace` seconds), commits what
    /// was queued, and stops. The threads that write stop before the writer, whose stop
    /// empties the write-ahead log last: the forwarder after its attempt in progress (what it
    /// has not sent stays queued), the heartbeat after its last row; lead and metrics pages
    /// once the one being rendered is done (those not begun are dropped: their connections are
    /// closed by then). Every thread the listener started has ended, and none of its pages
    /// reads the store, when this returns (a process may exit right after).
    public func stop(grace: Double = 10) {
        server.stop(grace: grace)
        pages.close()
        metrics.close()
        forwarder.stop()
        heartbeat.withLock { $0 }?.stop()
        writer.stop()
        status.update { $0.listening = false }
    }

    /// Replaces the accepted tokens (after a rotation), for requests from now on.
    public func setTokens(_ tokens: [String], retiring: [(token: String, expiresAt: Int64)]) {
        acceptedTokens.replace(tokens, retiring: retiring)
    }

    /// HTTP statistics.
    public var statistics: HTTPServer.Statistics { server.statistics }

    /// How many webhooks wait in the spool at `path` (``Configuration/spoolPath``) to be applied,
    /// and when the oldest came (Unix ms); nil when there is no spool there. Throws when the
    /// file is there but cannot be read.
    public static func spooled(at path: String) throws(WebhookSpoolError) -> (count: Int, oldest: Int64?)? {
        try WebhookSpool.waiting(at: path)
    }
}

/// Routes requests: `POST /jivo/<token>` (or `/jivo/<token>/`) to the writer,
/// `GET /jivo/<token>/metrics`, `GET /healthz`, `GET /lead/…` to the lead pages, everything
/// else 404.
private struct Router: Sendable {
    let tokens: AcceptedTokens
    let writer: IngestWriter
    let pages: LeadPageServer
    let metrics: MetricsPage
    let status: ListenerStatusBoard
    let clock: @Sendable () -> Int64
    let log: @Sendable (String) -> Void

    init(
        tokens: AcceptedTokens, writer: IngestWriter, pages: LeadPageServer, metrics: MetricsPage,
        status: ListenerStatusBoard, clock: @escaping @Sendable () -> Int64,
        log: @escaping @Sendable (String) -> Void
    ) {
        self.tokens = tokens
        self.writer = writer
        self.pages = pages
        self.metrics = metrics
        self.status = status
        self.clock = clock
        self.log = log
    }

    func handle(_ request: HTTPRequest, _ responder: any HTTPResponder) {
        let started = clock()
        let path = request.path
        if path == "/healthz" {
            guard request.method == "GET" || request.method == "HEAD" else {
                return finish(
                    request, responder, route: "/healthz",
                    Self.json(405, ChatReply.error("use GET"), allow: "GET, HEAD"), started)
            }
            writer.submit(
                .probe { writable in
                    let body: JSONValue =
                        writable
                        ? .object(["status": .string("ok")])
                        : .object([
                            "status": .string("unavailable"),
                            "message": .string(status.snapshot.lastError ?? "the store refuses writes"),
                        ])
                    finish(request, responder, route: "/healthz", Self.json(writable ? 200 : 503, body), started)
                })
            return
        }
        if path.hasPrefix(LeadPageLink.prefix) {
            return pages.serve(request) { response in
                finish(request, responder, route: "/lead/…", response, started)
            }
        }
        if path.hasPrefix("/jivo/"), path.hasSuffix("/metrics"), isToken(path.utf8.dropFirst(6).dropLast(8)) {
            guard request.method == "GET" || request.method == "HEAD" else {
                return finish(
                    request, responder, route: "/jivo/…/metrics",
                    Self.json(405, ChatReply.error("use GET"), allow: "GET, HEAD"), started)
            }
            return metrics.serve(status: status.snapshot, queueDepth: writer.queueDepth) { response in
                finish(request, responder, route: "/jivo/…/metrics", response, started)
            }
        }
        guard path.hasPrefix("/jivo/"), isToken(Self.tokenPart(of: path)) else {
            return finish(request, responder, route: "other", Self.json(404, ChatReply.error("not found")), started)
        }
        guard request.method == "POST" else {
            return finish(
                request, responder, route: "/jivo/…",
                Self.json(405, ChatReply.error("the webhook takes POST"), allow: "POST"), started)
        }
        writer.submit(
            .event(
                IncomingEvent(
                    body: request.body, contentEncoding: request.header("Content-Encoding"), receivedAt: started)
            ) { outcome in
                switch outcome {
                case .committed(let result):
                    responder.send(building: {
                        let response = Self.json(result.httpStatus, bytes: result.replyBytes)
                        status.update { $0.metrics.record(milliseconds: clock() - started) }
                        var note = LogLine()
                        note.append("event=")
                        if result.eventName.isEmpty {
                            note.append("-")
                        } else {
                            note.append(result.eventName, prefix: 40)
                        }
                        note.append(" id=")
                        note.append(result.eventID)
                        note.append(" ")
                        note.append(result.status)
                        note.append(" lead=")
                        if let leadID = result.leadID { note.append(leadID) } else { note.append("-") }
                        if let failure = result.failure {
                            note.append(" error=")
                            note.append(failure)
                        }
                        log(request, route: "/jivo/…", response, started, note: note.text)
                        return response
                    })
                case .spooled(let error):
                    status.update {
                        $0.spooled += 1
                        $0.metrics.record(milliseconds: clock() - started)
                    }
                    finish(
                        request, responder, route: "/jivo/…", Self.json(202, ChatReply.ok), started,
                        note: "spooled: \(error.kind)")
                case .unavailable(let error):
                    status.update { $0.unavailable += 1 }
                    finish(
                        request, responder, route: "/jivo/…",
                        Self.json(503, ChatReply.error("the store cannot take writes right now; try again later")),
                        started,
                        note: "unavailable: \(error.kind)")
                }
            })
    }

    /// The token of `/jivo/<token>` or `/jivo/<token>/` (one trailing slash, as some settings
    /// forms add).
    private static func tokenPart(of path: String) -> Substring.UTF8View {
        let rest = path.utf8.dropFirst(6)
        return rest.last == UInt8(ascii: "/") ? rest.dropLast() : rest
    }

    private func isToken(_ candidate: Substring.UTF8View) -> Bool {
        tokens.accepts(Array(candidate), now: clock())
    }

    private func finish(
        _ request: HTTPRequest, _ responder: any HTTPResponder, route: String, _ response: HTTPResponse,
        _ started: Int64, note: String = ""
    ) {
        responder.send(response)
        log(request, route: route, response, started, note: note)
    }

    /// Logs one line for the request: method, route, status, size, time; never the token or
    /// personal data.
    private func log(
        _ request: HTTPRequest, route: String, _ response: HTTPResponse, _ started: Int64, note: String
    ) {
        var line = LogLine()
        line.append(request.method, prefix: 10)
        line.append(" ")
        line.append(route)
        line.append(" ")
        line.append(response.status)
        line.append(" ")
        line.append(request.body.count)
        line.append("B ")
        line.append(clock() - started)
        line.append("ms ")
        line.append(note)
        log(line.text)
    }

    private static func json(_ status: Int, _ body: JSONValue, allow: String? = nil) -> HTTPResponse {
        json(status, bytes: body.serializedBytes(), allow: allow)
    }

    private static func json(_ status: Int, bytes body: [UInt8], allow: String? = nil) -> HTTPResponse {
        var headers = [(name: "Content-Type", value: "application/json; charset=utf-8")]
        if let allow { headers.append((name: "Allow", value: allow)) }
        return HTTPResponse(status: status, headers: headers, body: body)
    }
}
