import CRMCore
import CRMStore
import Console
import Foundation
import Glibc
import Listener

/// `jivocrm console` (and `jivocrm` with no verb): the ncurses console with the webhook
/// listener running on a background thread of the same process.
enum ConsoleCommand: Command {
    static let name = "console"
    static let synopsis = "console [--listen HOST:PORT] [--token T] [--no-listen]"
    static let summary = "Open the console (the default) with the webhook listener inside."
    static let details = """
        Leads on the left, the lead's card and timeline on the right, the listener and counts on
        the status line; `?` lists every key. New webhooks show up within a second without a key
        press; after `jivocrm token rotate` the listener takes the new token within seconds, as
        serve does. With --no-listen the console only reads and edits the store, for when a separate
        `jivocrm serve` owns the port (both share the store). The webhook URL shows on the status
        line and goes to the log, never printed to the terminal. Ctrl-Z suspends only a
        --no-listen console (a stopped listener would leave webhooks hanging). Log lines go to the
        configured log_file, else $XDG_STATE_HOME/jivocrm/jivocrm.log (~/.local/state/jivocrm/jivocrm.log).
        New leads and offline messages ring the bell (the bell setting) and count in the terminal
        title; the mouse selects, focuses and scrolls (mouse = off leaves it to the terminal); a
        [keys] section in the configuration rebinds commands (Resources/config.example lists them).

        examples:
          jivocrm
          jivocrm console --listen 127.0.0.1:8080
          jivocrm console --no-listen
        """
    static let options: [OptionSpec] = [
        .value("--listen", "HOST:PORT", "address to bind, as for serve (default 127.0.0.1:8080; port 0 picks one)"),
        .value("--token", "T", "webhook token, as for serve"),
        .flag("--no-listen", "do not run the listener (another process does)"),
    ]

    static func run(_ invocation: Invocation) throws -> Int32 {
        try invocation.arguments.expectPositionals(atMost: 0)
        let savedViews = try invocation.configuration.savedViews()
        let log = try logSink(invocation)
        let bell = try invocation.configuration.bellPolicy()
        let mouse = try invocation.configuration.mouseEnabled()
        let keys = try invocation.configuration.keyBindings()
        if case .sqlite(let path) = invocation.configuration.storeAddress { try Store.checkPrivate(path: path) }
        let store = try invocation.openStore()
        let doorbell = try Doorbell()
        let changes = ChangeQueue()
        var listener: WebhookListener?
        // Changes committed by any other process or connection (another console, the CLI, a
        // separate serve, this console's own listener) ring the doorbell within a poll (on
        // PostgreSQL, as soon as their notification arrives).
        let watcher = try StoreWatcher(address: invocation.configuration.storeAddress, doorbell: doorbell)
        var reloader: TokenReloader?
        let listenerInfo: () -> ListenerInfo
        if invocation.arguments.has("--no-listen") {
            let (host, port) = try invocation.listenAddress()
            let info = ListenerInfo(
                webhookURL: WebhookURL.url(
                    address: WebhookURL.address(host: host, port: port), token: try invocation.token(store: store)))
            listenerInfo = { info }
        } else {
            let running = try ServeCommand.start(invocation, log: log, announce: false) { results in
                // A redelivered duplicate changed nothing: nothing to announce or reload.
                let changed = results.filter { $0.status != "duplicate" }
                guard !changed.isEmpty || results.isEmpty else { return }
                changes.post(
                    changed.map { ChangeNote(eventName: $0.eventName, leadID: $0.leadID, created: $0.created) })
                doorbell.ring()
            }
            listener = running
            log("console: listening on \(running.status.snapshot.webhookURL)")
            let tokens = try TokenReloader(invocation, listener: running) { doorbell.ring() }
            try tokens.start()
            reloader = tokens
            listenerInfo = {
                let status = running.status.snapshot
                return ListenerInfo(
                    embedded: true, listening: status.listening,
                    webhookURL: WebhookURL.replacingToken(in: status.webhookURL, with: tokens.currentToken),
                    eventsInLastHour: status.eventsInLastHour(now: Store.systemMilliseconds()),
                    lastError: status.lastError)
            }
        }
        defer {
            reloader?.stop()
            watcher.stop()
            listener?.stop(grace: 2)
        }
        let session: TerminalSession
        do {
            session = try TerminalSession()
        } catch {
            throw CLIError.failure(error.description)
        }
        if mouse { session.enableMouse() }
        var state = AppState(
            size: session.size, operatorName: invocation.operatorName, now: store.clock(), settings: store.settings)
        state.bell = bell
        state.keys = keys
        state.savedViews = savedViews
        var app = ConsoleApp(store: store, state: state, changes: changes, listenerInfo: listenerInfo)
        do {
            try session.run(&app, doorbell: doorbell)
        } catch {
            throw CLIError.failure(error.description)
        }
        log("console: closed by the operator")
        return 0
    }

    /// Log lines go to the configured log_file, else the XDG state directory; never to the
    /// terminal curses owns.
    static func logSink(_ invocation: Invocation) throws -> @Sendable (String) -> Void {
        let path: String
        if let configured = invocation.configuration.file["log_file"], !configured.isEmpty {
            path = configured
        } else {
            path = invocation.configuration.stateFolder + "/jivocrm.log"
        }
        let directory = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return try LogSink.file(path)
    }
}
