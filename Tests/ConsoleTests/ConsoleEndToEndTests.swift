import Foundation
import Subprocess
import Testing
import TestSupport

/// Drives the built `jivocrm` binary in tmux: webhooks appear without a key press, an edit made
/// in the console reaches the next reply, a conflict is resolved, and `q` restores the terminal.
@Suite(.serialized) struct ConsoleEndToEndTests {
    /// Runs `arguments`; see ``ChildProcess/run(_:environment:capture:includingErrors:)``.
    @discardableResult
    private static func run(_ arguments: [String], capture: Bool = true) -> (status: Int32, output: String) {
        ChildProcess.run(arguments, capture: capture)
    }

    /// Kills the tmux server of `tmux` and removes its socket file.
    private static func stopServer(_ tmux: [String]) {
        let socket = run(tmux + ["display-message", "-p", "#{socket_path}"]).output.trimmingCharacters(
            in: .whitespacesAndNewlines)
        run(tmux + ["kill-server"], capture: false)
        if socket.hasPrefix("/") { unlink(socket) }
    }

    @Test func consoleShowsWebhooksLiveEditsReachTheReplyAndQuitRestoresTheTerminal() throws {
        let binary = JivoCRMBinary.path
        try #require(
            FileManager.default.isExecutableFile(atPath: binary),
            "no jivocrm binary at \(binary); run `swift build` first or set JIVOCRM_BIN")
        try #require(Self.run(["which", "tmux"]).status == 0, "tmux is missing: apt-get install tmux")
        try #require(Self.run(["which", "curl"]).status == 0, "curl is missing: apt-get install curl")

        let directory = TemporaryDirectory(prefix: "jivocrm-e2e")
        let log = directory.file("jivocrm.log")
        try "log_file = \(log)\noperator = alice\n".write(
            toFile: directory.file("config"), atomically: true, encoding: .utf8)
        let socket = "jivocrm-e2e-\(getpid())"
        let tmux = ["tmux", "-L", socket, "-f", "/dev/null"]
        let command =
            "'\(binary)' --db '\(directory.file("crm.sqlite"))' --config '\(directory.file("config"))' "
            + "--listen 127.0.0.1:0; echo JIVOCRM-EXITED $?; sleep 600"
        Self.run(tmux + ["new-session", "-d", "-s", "console", "-x", "120", "-y", "32", command], capture: false)
        defer { Self.stopServer(tmux) }
        func screen() -> String { Self.run(tmux + ["capture-pane", "-p", "-t", "console"]).output }
        func keys(_ keys: String...) throws { Self.run(tmux + ["send-keys", "-t", "console"] + keys) }

        var url = ""
        let listening = eventually {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            guard let line = text.split(separator: "\n").first(where: { $0.contains("console: listening on ") }) else {
                return false
            }
            url = String(line.split(separator: " ").last ?? "")
            return true
        }
        try #require(listening, "the console never logged its URL; screen:\n\(screen())")
        func post(_ body: String) throws -> String {
            let file = directory.file("body.json")
            try body.write(toFile: file, atomically: true, encoding: .utf8)
            return Self.run([
                "curl", "-s", "-X", "POST", "-H", "Content-Type: application/json", "--data-binary", "@\(file)", url,
            ]).output
        }
        let accepted = String(decoding: Fixtures.bytes("chat_accepted"), as: UTF8.self)

        #expect(eventually { screen().contains("No leads yet") })
        _ = try post(accepted)
        #expect(
            eventually { screen().contains("John Smith") },
            "the lead did not appear without a key press:\n\(screen())")

        try keys("e")
        #expect(eventually { screen().contains("Edit lead #1") })
        try keys("Tab", "C-u")
        try keys("-l", "+1 650 555 0101")
        try keys("Enter")
        #expect(eventually { screen().contains("Saved lead #1") }, "the edit was not saved:\n\(screen())")
        let reply = try post(accepted)
        #expect(reply.contains("\"phone\":\"+1 650 555 0101\""), "reply: \(reply)")

        let other = accepted.replacingOccurrences(of: "\"chat_id\": 4248", with: "\"chat_id\": 4249")
            .replacingOccurrences(of: "+14084987855", with: "+14085550199")
        _ = try post(other)
        #expect(eventually { screen().contains("conflicts 1") }, "no conflict shown:\n\(screen())")
        try keys("c")
        #expect(eventually { screen().contains("Conflict 1 of 1") })
        try keys("2")
        #expect(
            eventually { screen().contains(" of lead #1: take-incoming") && screen().contains("conflicts 0") },
            "the conflict was not resolved:\n\(screen())")
        #expect(try post(accepted).contains("\"phone\":\"+14085550199\""))

        try keys("q")
        #expect(eventually { screen().contains("JIVOCRM-EXITED 0") }, "the console did not exit:\n\(screen())")
        let alternate = Self.run(tmux + ["display-message", "-p", "-t", "console", "#{alternate_on}"]).output
        #expect(
            alternate.trimmingCharacters(in: .whitespacesAndNewlines) == "0",
            "the terminal is still in the alternate screen")
        #expect(!(screen().contains("Leads: Unsorted")), "the console's screen was left behind")
    }

    /// Starts the console in its own tmux server with an empty store; returns the tmux command
    /// prefix. After the console exits, the pane's shell prints `JIVOCRM-EXITED <status>`, runs
    /// `after`, and sleeps. The caller kills the server.
    private static func startConsole(_ directory: TemporaryDirectory, socket: String, after: String = "") throws
        -> [String]
    {
        let binary = JivoCRMBinary.path
        try #require(
            FileManager.default.isExecutableFile(atPath: binary),
            "no jivocrm binary at \(binary); run `swift build` first or set JIVOCRM_BIN")
        try #require(Self.run(["which", "tmux"]).status == 0, "tmux is missing: apt-get install tmux")
        try "log_file = \(directory.file("log"))\n".write(
            toFile: directory.file("config"), atomically: true, encoding: .utf8)
        let tmux = ["tmux", "-L", socket, "-f", "/dev/null"]
        let command =
            "'\(binary)' --db '\(directory.file("crm.sqlite"))' --config '\(directory.file("config"))' "
            + "--listen 127.0.0.1:0; echo JIVOCRM-EXITED $?; \(after) sleep 600"
        Self.run(tmux + ["new-session", "-d", "-s", "console", "-x", "100", "-y", "30", command], capture: false)
        return tmux
    }

    @Test func resizeToAReducedLayoutThenCtrlCRestoresTheTerminal() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-e2e")
        let tmux = try Self.startConsole(directory, socket: "jivocrm-e2e-int-\(getpid())")
        defer { Self.stopServer(tmux) }
        func screen() -> String { Self.run(tmux + ["capture-pane", "-p", "-t", "console"]).output }
        #expect(eventually { screen().contains("No leads yet") && screen().contains("┌─ Lead ") })
        Self.run(tmux + ["resize-window", "-t", "console", "-x", "60", "-y", "20"])
        #expect(
            eventually { screen().contains("No leads yet") && !screen().contains("┌─ Lead ") },
            "no reduced layout:\n\(screen())")
        Self.run(tmux + ["send-keys", "-t", "console", "C-c"])
        #expect(eventually { screen().contains("JIVOCRM-EXITED 0") }, "Ctrl-C did not quit:\n\(screen())")
        let alternate = Self.run(tmux + ["display-message", "-p", "-t", "console", "#{alternate_on}"]).output
        #expect(alternate.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
    }

    /// The console process under the pane's shell.
    private static func consoleProcess(_ tmux: [String]) throws -> Int32 {
        let shell = Self.run(tmux + ["display-message", "-p", "-t", "console", "#{pane_pid}"]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let children = (try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)) ?? ""
        return try #require(
            children.split(separator: " ").first.flatMap { Int32($0) },
            "no console process under the pane's shell \(shell)")
    }

    /// A crash (a fault in any thread, or a Swift trap, which is SIGILL or SIGTRAP) leaves the
    /// terminal usable: the alternate screen left, the cursor shown, echo and canonical input
    /// back on; the process still dies of the signal.
    @Test(arguments: [SIGSEGV, SIGILL, SIGBUS, SIGABRT])
    func aCrashRestoresTheTerminal(signal: Int32) throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-e2e")
        let check = "stty -a | tr ' ;' '\\n\\n' | grep -x -q -e -echo -e -icanon && echo TTY-RAW || echo TTY-SANE;"
        let tmux = try Self.startConsole(directory, socket: "jivocrm-e2e-crash-\(signal)-\(getpid())", after: check)
        defer { Self.stopServer(tmux) }
        func screen() -> String { Self.run(tmux + ["capture-pane", "-p", "-t", "console"]).output }
        #expect(eventually { screen().contains("No leads yet") })
        #expect(kill(try Self.consoleProcess(tmux), signal) == 0)
        #expect(
            eventually { screen().contains("JIVOCRM-EXITED \(128 + signal)") },
            "the console did not die of signal \(signal):\n\(screen())")
        #expect(eventually { screen().contains("TTY-SANE") }, "the terminal mode was not restored:\n\(screen())")
        let alternate = Self.run(tmux + ["display-message", "-p", "-t", "console", "#{alternate_on} #{cursor_flag}"])
            .output
        #expect(
            alternate.trimmingCharacters(in: .whitespacesAndNewlines) == "0 1", "alternate screen, cursor: \(alternate)"
        )
        #expect(!screen().contains("No leads yet"), "the console's screen was left behind")
    }

    /// `jivocrm token rotate` while the console listens: the new URL works within seconds, the
    /// old one until its grace ends, and the status line shows the new token.
    @Test func theConsolesListenerTakesARotatedToken() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-e2e")
        let tmux = try Self.startConsole(directory, socket: "jivocrm-e2e-token-\(getpid())")
        defer { Self.stopServer(tmux) }
        func screen() -> String { Self.run(tmux + ["capture-pane", "-p", "-t", "console"]).output }
        var old = ""
        #expect(
            eventually {
                let text = (try? String(contentsOfFile: directory.file("log"), encoding: .utf8)) ?? ""
                guard let line = text.split(separator: "\n").first(where: { $0.contains("console: listening on ") })
                else { return false }
                old = String(line.split(separator: " ").last ?? "")
                return true
            })
        let rotated = Self.run([
            JivoCRMBinary.path, "--db", directory.file("crm.sqlite"), "--config", directory.file("config"), "token",
            "rotate",
            "--grace", "1h", "--yes",
        ]).output
        let token = try #require(
            rotated.split(separator: "\n").first { $0.hasPrefix("new token: ") }?.dropFirst("new token: ".count))
        let new = String(old[...(old.lastIndex(of: "/") ?? old.startIndex)] + token)
        func status(_ url: String) -> String {
            Self.run([
                "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "-H",
                "Content-Type: application/json",
                "--data-binary", #"{"event_name":"chat_finished","chat_id":1}"#, url,
            ]).output
        }
        #expect(eventually { status(new) == "200" }, "the rotated token was not taken: \(status(new))")
        #expect(status(old) == "200", "the old token stopped working before its grace ended")
        #expect(
            eventually { screen().contains("/jivo/\(token.prefix(4))…") },
            "the status line kept the old URL \(old), new \(token):\n\(screen())")
        Self.run(tmux + ["send-keys", "-t", "console", "q"])
        #expect(eventually { screen().contains("JIVOCRM-EXITED 0") })
    }

    @Test func sigtermRestoresTheTerminal() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-e2e")
        let tmux = try Self.startConsole(directory, socket: "jivocrm-e2e-term-\(getpid())")
        defer { Self.stopServer(tmux) }
        func screen() -> String { Self.run(tmux + ["capture-pane", "-p", "-t", "console"]).output }
        #expect(eventually { screen().contains("No leads yet") })
        let shell = Self.run(tmux + ["display-message", "-p", "-t", "console", "#{pane_pid}"]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let children = (try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)) ?? ""
        let console = try #require(
            children.split(separator: " ").first.flatMap { Int32($0) },
            "no console process under the pane's shell \(shell)")
        #expect(kill(console, SIGTERM) == 0)
        #expect(
            eventually { screen().contains("JIVOCRM-EXITED 0") },
            "SIGTERM did not end the console cleanly:\n\(screen())")
        let alternate = Self.run(tmux + ["display-message", "-p", "-t", "console", "#{alternate_on}"]).output
        #expect(alternate.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
    }
}
