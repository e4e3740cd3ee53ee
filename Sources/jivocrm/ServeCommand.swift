import CRMCore
import CRMStore
import Foundation
import Glibc
import HTTPServer
import Listener

/// `jivocrm serve`: the webhook listener, headless.
enum ServeCommand: Command {
    static let name = "serve"
    static let synopsis = "serve [--listen HOST:PORT] [--token T]"
    static let summary = "Run the webhook listener in the foreground (no console)."
    static let details = """
        Prints `listening on http://HOST:PORT/jivo/<token>` to stderr once bound (the only place the
        token is ever printed), then one log line per request (method, route, status, size, time,
        event name and ids; never the token or personal data) to stderr or to the configured
        log_file. After `jivocrm token rotate`, serve accepts the new token within
        seconds and the old one until its grace period ends. A webhook the store cannot take (another
        process holds it past the busy timeout, it is read-only, PostgreSQL is down) is kept in a
        spool (STORE.spool beside a SQLite store; for PostgreSQL in $XDG_STATE_HOME/jivocrm/),
        answered 202, and applied in the order received once the store takes writes (tried each
        second), by this serve or the next one; `jivocrm doctor` says when webhooks wait there. SIGINT or SIGTERM stops accepting,
        finishes the requests in flight, copies the store's write-ahead log into its file (SQLite),
        and exits 0.

        example:
          jivocrm serve --listen 127.0.0.1:8080
        """
    static let options: [OptionSpec] = [
        .value(
            "--listen", "HOST:PORT",
            "address to bind (env JIVOCRM_LISTEN, config listen; default 127.0.0.1:8080; port 0 picks one)"),
        .value("--token", "T", "webhook token (env JIVOCRM_TOKEN, config token; default: the one kept in the store)"),
    ]

    static func run(_ invocation: Invocation) throws -> Int32 {
        try invocation.arguments.expectPositionals(atMost: 0)
        blockStopSignals()
        let running = try start(invocation, log: try logSink(invocation))
        let store = try invocation.openStore()
        let reloader = try TokenReloader(invocation, listener: running)
        waitForStopSignal(every: TokenReloader.interval) { reloader.reload(from: store) }
        running.stop(grace: 10)
        return 0
    }

    /// Starts a listener as configured and, when `announce` is set, prints its URL (with the
    /// token) on stderr; the console does not, so the token never stays in the scrollback.
    static func start(
        _ invocation: Invocation, log: @escaping @Sendable (String) -> Void, announce: Bool = true,
        onChange: @escaping WebhookListener.ChangeHandler = { _ in }
    ) throws -> WebhookListener {
        let (host, port) = try invocation.listenAddress()
        let store = try invocation.openStore()
        let token = try invocation.token(store: store)
        var configuration = WebhookListener.Configuration(
            host: host, port: port, tokens: [token], storePath: invocation.configuration.databasePath,
            settings: try invocation.configuration.settings())
        configuration.forwardTargets = invocation.configuration.forwardTargets
        configuration.spoolPath = invocation.configuration.spoolPath(
            identity: store.database.isPostgres ? try store.identity() : nil)
        if let bad = configuration.forwardTargets.first(where: { !$0.hasPrefix("http://") }) {
            throw CLIError.failure("\(ForwardTargetError.notPlainHTTP(bad)) (config forward)")
        }
        if let retiring = try store.retiringToken(), retiring.value != token {
            configuration.retiringTokens = [(retiring.value, retiring.expiresAt)]
        }
        let listener = WebhookListener(configuration: configuration, log: log, onChange: onChange)
        let bound: Int
        do {
            bound = try listener.start()
        } catch let error as HTTPServerError where error.isAddressInUse {
            throw CLIError.failure(
                "cannot listen on \(host):\(port): the address is already in use, perhaps by another jivocrm serve or "
                    + "console; to watch this store while that listener runs, use `jivocrm console --no-listen`, "
                    + "or pick another address with --listen 127.0.0.1:0")
        } catch let error as StoreError {
            throw CLIError.failure(error.message)
        } catch {
            throw CLIError.failure("cannot listen on \(host):\(port): \(error)")
        }
        if !isLoopback(host) {
            Output.error(
                "warning: listening on \(host), reachable from the network; put a TLS proxy in front (see the README) and keep the token secret"
            )
        }
        if announce {
            Output.error(
                "listening on " + WebhookURL.url(address: WebhookURL.address(host: host, port: bound), token: token))
        }
        return listener
    }

    /// Whether `host` is a loopback address.
    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// Where log lines go: the configured log_file (appended, 0600), else stderr.
    static func logSink(_ invocation: Invocation) throws -> @Sendable (String) -> Void {
        guard let path = invocation.configuration.file["log_file"], !path.isEmpty else {
            return { Output.error(Output.safe($0)) }
        }
        return try LogSink.file(path)
    }

    /// SIGINT and SIGTERM, which serve takes with `sigtimedwait` on its main thread.
    static var stopSignals: sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        return set
    }

    /// Blocks the stop signals in the calling thread, and so in every thread started after it,
    /// so that they are delivered only to ``waitForStopSignal(every:_:)``. Call it before any
    /// thread starts: a parent may have left the signals blocked or handled, and this does not
    /// depend on that.
    static func blockStopSignals() {
        var set = stopSignals
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Waits until SIGINT or SIGTERM, calling `tick` every `seconds` meanwhile (serve uses it
    /// to pick up a rotated token).
    static func waitForStopSignal(every seconds: Int = 2, _ tick: () -> Void = {}) {
        var set = stopSignals
        var timeout = timespec(tv_sec: seconds, tv_nsec: 0)
        while true {
            let received = sigtimedwait(&set, nil, &timeout)
            if received == SIGINT || received == SIGTERM { break }
            if received < 0 && errno == EAGAIN { tick() }
        }
        Output.error("stopping: finishing requests in flight")
    }
}

/// `jivocrm webhook-url`: the URL to paste into JivoChat.
enum WebhookURLCommand: Command {
    static let name = "webhook-url"
    static let synopsis = "webhook-url [--listen HOST:PORT] [--token T]"
    static let summary = "Print the URL to paste into JivoChat's Webhooks Endpoint URL."
    static let details = """
        The address is that of the listener running on this store (recorded when it started),
        else the configured listen address. In JivoChat: Manage, Channels, Settings (below the
        channel), Integration settings for developers, enable Webhooks, and paste this URL into
        Webhooks Endpoint URL. Behind a TLS
        proxy, paste https://YOUR-DOMAIN/jivo/<token> instead (the path is what matters).

        example:
          jivocrm webhook-url
        """
    static let options: [OptionSpec] = [
        .value("--listen", "HOST:PORT", "the listener's address (default: the running listener's, else as for serve)"),
        .value("--token", "T", "the token (as for serve)"),
    ]

    static func run(_ invocation: Invocation) throws -> Int32 {
        try invocation.arguments.expectPositionals(atMost: 0)
        let store = try invocation.openStore()
        let (address, _) = try invocation.listenerAddress(store: store)
        let token = try invocation.token(store: store)
        Output.line(WebhookURL.url(address: address, token: token))
        if let host = try? SimulateCommand.parse(address).host, ServeCommand.isLoopback(host) {
            Output.error(
                "note: this is a local address; JivoChat needs a public https URL with the same path, e.g. through a TLS proxy"
            )
        }
        return 0
    }
}
