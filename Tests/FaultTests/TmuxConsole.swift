import Foundation
import Glibc
import HTTPServer
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

    /// Starts the console; fails if it does not log its webhook URL (the screen is in the error).
    init(arguments: [String] = []) throws {
        database = directory.file("crm.sqlite")
        logPath = directory.file("jivocrm.log")
        try "log_file = \(logPath)\noperator = alice\n".write(toFile: directory.file("config"), atomically: true, encoding: .utf8)
        tmux = ["tmux", "-L", "jivocrm-fault-\(getpid())", "-f", "/dev/null"]
        let quoted = ([Binary.path, "--db", database, "--config", directory.file("config"), "--listen", "127.0.0.1:0"] + arguments)
            .map { "'" + $0 + "'" }.joined(separator: " ")
        let command = "HOME='\(directory.path)' \(quoted); echo JIVOCRM-EXITED $?; sleep 600"
        Spawn.run(tmux + ["new-session", "-d", "-s", "console", "-x", "120", "-y", "32", command], capture: false)
        Spawn.run(tmux + ["set-option", "-g", "set-clipboard", "on"], capture: false)
        let started = Self.eventually { [self] in
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
            throw FaultTestError(description: "the console never logged its URL; screen:\n\(screen)")
        }
    }

    deinit { stop() }

    private func stop() {
        let socket = Spawn.run(tmux + ["display-message", "-p", "#{socket_path}"]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        Spawn.run(tmux + ["kill-server"], capture: false)
        if socket.hasPrefix("/") { unlink(socket) }
    }

    /// The visible screen, one line per row.
    func screen() -> String {
        Spawn.run(tmux + ["capture-pane", "-p", "-t", "console"]).output
    }

    /// Expands a tmux format (`#{pane_title}`, `#{cursor_x}`, …) for the console's pane.
    func display(_ format: String) -> String {
        Spawn.run(tmux + ["display-message", "-p", "-t", "console", format]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The names of tmux's paste buffers (an OSC 52 that reached tmux would add one).
    func pasteBuffers() -> String {
        Spawn.run(tmux + ["list-buffers"]).output
    }

    /// Sends keys as `tmux send-keys` takes them.
    func keys(_ keys: String...) {
        Spawn.run(tmux + ["send-keys", "-t", "console"] + keys, capture: false)
    }

    /// Posts a webhook to the console's listener; returns the status.
    func post(_ body: [UInt8]) throws -> Int {
        try HTTPClient(port: port, timeout: 15).send(method: "POST", path: webhookPath, body: body).status
    }

    /// Polls `condition` up to 100 times, 100 ms apart; returns whether it became true.
    static func eventually(_ condition: () -> Bool) -> Bool {
        for _ in 0..<100 {
            if condition() { return true }
            usleep(100_000)
        }
        return condition()
    }
}

/// Runs a program with `posix_spawnp`, every signal unblocked and at its default action
/// (Foundation's `Process` hands children a blocked signal mask, which leaves a tmux server
/// and the console unable to receive SIGTERM or SIGCHLD).
enum Spawn {
    /// Runs `arguments` (looked up in `PATH`); returns its status and, with `capture`, its
    /// standard output and error. Without `capture` they go to /dev/null, so a daemon it starts
    /// holds no pipe of ours open.
    @discardableResult
    static func run(_ arguments: [String], capture: Bool = true) -> (status: Int32, output: String) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return (-1, "") }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if capture {
            posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
            posix_spawn_file_actions_adddup2(&actions, fds[1], 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, arguments[0], &actions, &attributes, &argv, environ)
        close(fds[1])
        defer { close(fds[0]) }
        guard spawned == 0 else { return (-1, "") }
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while capture {
            let count = read(fds[0], &buffer, buffer.count)
            if count > 0 {
                output += buffer[..<count]
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                break
            }
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exited = status & 0x7f == 0
        return (exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), String(decoding: output, as: UTF8.self))
    }
}
