import CRMStore
import Console
import Glibc
import Listener
import Testing
import TestSupport

/// The embedded listener and the console in one process, as `jivocrm console` runs them: the
/// listener's event loop and writer threads commit webhooks from concurrent clients while the
/// console thread drains the change queue, reloads from its own connection and redraws. Run
/// under `make sanitize`, ThreadSanitizer watches every hand-over between those threads. The
/// console loop here is `TerminalSession`'s loop body without the terminal (ncurses needs a
/// tty): the same `ConsoleApp.handle(.doorbell)` the session calls when the doorbell rings.
@Suite("Listener and console together", .serialized)
struct ListenerConsoleTests {
    @Test("The console loop takes the listener's commits while clients post webhooks")
    func consoleFollowsTheListenerUnderLoad() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-together")
        let path = directory.file("crm.sqlite")
        let store = try Store(path: path)
        let changes = ChangeQueue()
        let doorbell = try Doorbell()
        let listener = WebhookListener(
            configuration: WebhookListener.Configuration(port: 0, tokens: [ServeProcess.fixedToken], storePath: path),
            log: { _ in },
            onChange: { results in
                changes.post(
                    results.map { ChangeNote(eventName: $0.eventName, leadID: $0.leadID, created: $0.created) })
                doorbell.ring()
            })
        let port = try listener.start()
        defer { listener.stop(grace: 2) }
        var state = AppState(
            size: Size(rows: 30, columns: 100), operatorName: "alice", now: store.clock(), settings: store.settings)
        state.query.tab = .all
        let app = ConsoleApp(
            store: store, state: state, changes: changes,
            listenerInfo: {
                let status = listener.status.snapshot
                return ListenerInfo(
                    embedded: true, listening: status.listening, webhookURL: status.webhookURL,
                    eventsInLastHour: status.eventsInLastHour(now: Store.systemMilliseconds()),
                    lastError: status.lastError)
            })

        let acknowledged = Acknowledgements()
        let clients = LoadClients(count: 3, port: port, label: "together", acknowledged: acknowledged)
        var canvas = GridCanvas(size: state.size)
        for round in 0..<20_000 where acknowledged.count < 120 {
            _ = app.handle(.doorbell)
            _ = app.handle(.key(round % 7 == 0 ? .up : .down))
            app.render(on: &canvas)
            usleep(1_000)
        }
        clients.stop()

        #expect(acknowledged.count >= 120, "only \(acknowledged.count) webhooks acknowledged")
        #expect(
            acknowledged.unexpectedStatuses.isEmpty,
            "statuses other than 200/202/503: \(acknowledged.unexpectedStatuses)")
        // Every acknowledged event is committed; once the listener's status caught up (it is
        // updated just after the replies go out) and the console drained the last
        // rings, its list is the store's and its status line counts every event.
        var everyLead = app.state.leadFilter
        everyLead.limit = 100_000
        let stored = try store.leads(everyLead).map(\.lead.id)
        var shown: [Int64] = []
        for _ in 0..<1000 {
            _ = app.handle(.doorbell)
            shown = app.state.leads.map(\.lead.id)
            if shown.count >= min(stored.count, app.state.leadFilter.limit), shown == Array(stored.prefix(shown.count)),
                app.state.listener.eventsInLastHour >= acknowledged.count
            {
                break
            }
            usleep(5_000)
        }
        #expect(
            shown.count >= min(stored.count, app.state.leadFilter.limit),
            "the console shows \(shown.count) of \(stored.count) leads")
        #expect(shown == Array(stored.prefix(shown.count)), "the console shows other leads than the store holds")
        #expect(app.state.listener.listening)
        #expect(app.state.listener.eventsInLastHour >= acknowledged.count)
        #expect(canvas.violations.isEmpty, "drawing outside the screen: \(canvas.violations.prefix(3))")
    }
}
