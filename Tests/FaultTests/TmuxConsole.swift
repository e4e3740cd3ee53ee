import Foundation
import Glibc
import HTTPServer
import Subprocess
import Synchronization
import TestSupport

/// The `jivocrm` console running in its own tmux server (120×32) on a store in a temporary
/// directory, with the embedded listener on a free loopback port. The tmux server and its
/// socket are removed when this is released, whatever the test did.
final class TmuxConsole {
    let directory = TemporaryDirectory(prefix: "jivocrm-tmux")
    /// The store's path.
    let database: String
    /// The console's log file.
    let logPath: String
    /// The listener's port and webhook path, read from the console's log.
    private(set) var port = 0
    private(set) var webhookPath = ""
    private let tmux: [String]

    /// Consoles started by this process, for their tmux servers' names.
    private static let started = Atomic<Int>(0)
    /// Where tmux's `alert-bell` hook appends a line for each bell the console rings.
    let bellLog: String

    /// Starts the console, with `config` appended to its configuration file; fails if it does
    /// not log its webhook URL (the screen is in the error).
    /// With `--no-listen` among `arguments` it waits for the console's screen instead. With
    /// `jobControl`, the console runs as a job of an interactive bash (prompt `$ `), so Ctrl-Z
    /// and `fg` work as in a terminal (and nothing prints `JIVOCRM-EXITED`); tmux otherwise runs
    /// it from a shell without job control.
    /// `database` shares another store (another console's, a `serve`'s); `operatorName` is who
    /// its edits are attributed to; `config` adds lines to its configuration file.
    init(
        arguments: [String] = [], config: String = "", jobControl: Bool = false, database shared: String? = nil,
        operatorName: String = "alice"
    ) throws {
        database = shared ?? directory.file("crm.sqlite")
        logPath = directory.file("jivocrm.log")
        bellLog = directory.file("bells")
        try "log_file = \(logPath)\noperator = \(operatorName)\n\(config)".write(
            toFile: directory.file("config"), atomically: true, encoding: .utf8)
        // A server per console: suites run in parallel, and one's kill-server must not end another's.
        let serial = Self.started.add(1, ordering: .relaxed).newValue
        tmux = ["tmux", "-L", "jivocrm-fault-\(getpid())-\(serial)", "-f", "/dev/null"]
        let quoted =
            ([JivoCRMBinary.path, "--db", database, "--config", directory.file("config"), "--listen", "127.0.0.1:0"]
            + arguments)
            .map { "'" + $0 + "'" }.joined(separator: " ")
        let command = "HOME='\(directory.path)' \(quoted); echo JIVOCRM-EXITED $?; sleep 600"
        if jobControl {
            try "set enable-bracketed-paste off\n".write(
                toFile: directory.file("inputrc"), atomically: true, encoding: .utf8)
            let shell = "env PS1='$ ' INPUTRC='\(directory.file("inputrc"))' bash --norc --noprofile -i"
            ChildProcess.run(
                tmux + ["new-session", "-d", "-s", "console", "-x", "120", "-y", "32", shell], capture: false)
            _ = eventually {
                ChildProcess.run(tmux + ["capture-pane", "-p", "-t", "console"]).output.contains("$")
            }
            ChildProcess.run(
                tmux + ["send-keys", "-t", "console", "-l", "HOME='\(directory.path)' \(quoted)"], capture: false)
            ChildProcess.run(tmux + ["send-keys", "-t", "console", "Enter"], capture: false)
        } else {
            ChildProcess.run(
                tmux + ["new-session", "-d", "-s", "console", "-x", "120", "-y", "32", command], capture: false)
        }
        ChildProcess.run(tmux + ["set-option", "-g", "set-clipboard", "on"], capture: false)
        ChildProcess.run(
            tmux + ["set-hook", "-g", "alert-bell", "run-shell 'echo bell >> \(bellLog)'"], capture: false)
        // Starting a debug build under a loaded machine (tests run in parallel) can take a while.
        let started = eventually(attempts: 300) { [self] in
            if arguments.contains("--no-listen") { return screen().contains("Unsorted") }
            let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            guard let line = text.split(separator: "\n").first(where: { $0.contains("console: listening on ") }),
                let url = line.split(separator: " ").last, let address = URL(string: String(url))
            else { return false }
            port = address.port ?? 0
            webhookPath = address.path
            return true
        }
        guard started else {
            let screen = screen()
            stop()
            throw ProcessFailure("the console never logged its URL; screen:\n\(screen)")
        }
    }

    deinit { stop() }

    private func stop() {
        let socket = ChildProcess.run(tmux + ["display-message", "-p", "#{socket_path}"], includingErrors: true).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        ChildProcess.run(tmux + ["kill-server"], capture: false)
        if socket.hasPrefix("/") { unlink(socket) }
    }

    /// The visible screen, one line per row.
    func screen() -> String {
        ChildProcess.run(tmux + ["capture-pane", "-p", "-t", "console"], includingErrors: true).output
    }

    /// Expands a tmux format (`#{pane_title}`, `#{cursor_x}`, …) for the console's pane.
    func display(_ format: String) -> String {
        ChildProcess.run(tmux + ["display-message", "-p", "-t", "console", format], includingErrors: true).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The names of tmux's paste buffers (an OSC 52 that reached tmux would add one).
    func pasteBuffers() -> String {
        ChildProcess.run(tmux + ["list-buffers"], includingErrors: true).output
    }

    /// How many bells tmux has seen from the console.
    func bells() -> Int {
        ((try? String(contentsOfFile: bellLog, encoding: .utf8)) ?? "").split(separator: "\n").count
    }

    /// Sends bytes to the console as if the terminal produced them (mouse reports).
    func bytes(_ bytes: [UInt8]) {
        ChildProcess.run(
            tmux + ["send-keys", "-t", "console", "-H"] + bytes.map { String($0, radix: 16) }, capture: false)
    }

    /// The visible screen and up to 1,000 lines of scrollback above it.
    func scrollback() -> String {
        ChildProcess.run(tmux + ["capture-pane", "-p", "-S", "-1000", "-t", "console"], includingErrors: true).output
    }

    /// Pastes `text` into the console as a terminal does with bracketed paste on (tmux
    /// `paste-buffer -p` wraps it in the markers only when the application asked for them).
    func paste(_ text: String) {
        ChildProcess.run(tmux + ["set-buffer", "-b", "test", "--", text], capture: false)
        ChildProcess.run(tmux + ["paste-buffer", "-p", "-r", "-b", "test", "-t", "console"], capture: false)
    }

    /// Sends keys as `tmux send-keys` takes them.
    func keys(_ keys: String...) {
        ChildProcess.run(tmux + ["send-keys", "-t", "console"] + keys, capture: false)
    }

    /// Posts a webhook to the console's listener; returns the status.
    func post(_ body: [UInt8]) throws -> Int {
        try HTTPClient(port: port, timeout: 15).send(method: "POST", path: webhookPath, body: body).status
    }

}
