import CNCurses
import DisplayText
import Glibc
import Synchronization

/// Whether curses is active, so `endwin` runs exactly once from whichever exit path comes first.
private let cursesActive = Atomic<Bool>(false)
/// Whether the `atexit` hook is registered.
private let exitHookRegistered = Atomic<Bool>(false)
/// The write end of the signal self-pipe, read by the signal handler (set before handlers exist).
nonisolated(unsafe) private var signalPipeWrite: Int32 = -1

/// Turns the terminal's bracketed paste mode (xterm's mode 2004) on: pasted text then comes
/// wrapped in `ESC[200~` … `ESC[201~`.
let bracketedPasteOn = "\u{1b}[?2004h"
/// Turns bracketed paste mode off, for the shell the terminal goes back to.
let bracketedPasteOff = "\u{1b}[?2004l"
/// The key codes `define_key` gives the paste markers (above every code ncurses assigns).
private let pasteStartCode: Int32 = 0x7F00
private let pasteEndCode: Int32 = 0x7F01

/// Writes `text` to the terminal directly, past curses.
private func writeToTerminal(_ text: String) {
    _ = text.withCString { write(STDOUT_FILENO, $0, strlen($0)) }
}

/// Restores the terminal if curses is active; idempotent and safe to call from any exit path.
private func endCursesIfActive() {
    if cursesActive.exchange(false, ordering: .acquiringAndReleasing) {
        CrashGuard.disarm()
        writeToTerminal(bracketedPasteOff)
        endwin()
        TerminalTitle.restore()
    }
}

/// The only work done inside a signal handler: write the signal number as one byte to the pipe
/// (errno is preserved for the interrupted code).
private func forwardSignal(_ signal: Int32) {
    let savedErrno = errno
    var byte = UInt8(truncatingIfNeeded: signal)
    _ = write(signalPipeWrite, &byte, 1)
    errno = savedErrno
}

/// Owns the terminal while the console runs: curses setup and teardown, signals, and the event loop.
///
/// Create it on the thread that will run the loop; only that thread may touch it. Teardown
/// (`endwin`) runs on ``end()``, when the session is released, and from an `atexit` hook.
public final class TerminalSession {
    private var canvas: CursesCanvas
    private let signalRead: Int32

    /// Starts curses: selects a UTF-8 locale first, then `newterm` on stdin/stdout with cbreak,
    /// noecho, nonl, keypad, a 25 ms Esc delay, bracketed paste, and colours on the terminal's
    /// default background (monochrome under `NO_COLOR` or without colour support). SIGPIPE is
    /// ignored; SIGINT, SIGTERM, SIGHUP, SIGWINCH and SIGTSTP are routed through a self-pipe into
    /// ``run(_:doorbell:)``; a crash in any thread restores the terminal first (``CrashGuard``).
    public init() throws(ConsoleError) {
        do {
            try configureLocale()
        } catch {
            throw .locale(error)
        }
        let terminalName = getenv("TERM").map { String(cString: $0) } ?? "unknown"
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw .terminal(terminalName) }
        CrashGuard.saveMode()
        guard cnc_newterm_stdio() != nil else { throw .terminal(terminalName) }
        cursesActive.store(true, ordering: .releasing)
        CrashGuard.arm()
        if !exitHookRegistered.exchange(true, ordering: .acquiringAndReleasing) {
            atexit { endCursesIfActive() }
        }
        do {
            signalRead = try Self.installSignalPipe()
        } catch {
            endCursesIfActive()
            throw error
        }
        cbreak()
        noecho()
        nonl()
        Self.disableFlowControl()
        keypad(cnc_stdscr(), true)
        nodelay(cnc_stdscr(), true)
        set_escdelay(25)
        define_key("\u{1b}[200~", pasteStartCode)
        define_key("\u{1b}[201~", pasteEndCode)
        writeToTerminal(bracketedPasteOn)
        curs_set(0)
        var colorCount = 0
        if has_colors() {
            start_color()
            use_default_colors()
            colorCount = Int(cnc_colors())
        }
        let noColor = getenv("NO_COLOR").map { String(cString: $0) }
        canvas = CursesCanvas(theme: .forTerminal(noColor: noColor, colorCount: colorCount))
        TerminalTitle.start(terminalName: terminalName)
    }

    deinit {
        end()
    }

    /// The terminal's size now.
    public var size: Size {
        canvas.size
    }

    /// Restores the terminal (`endwin`). Idempotent; also runs at exit and when the session is released.
    public func end() {
        endCursesIfActive()
    }

    private static func installSignalPipe() throws(ConsoleError) -> Int32 {
        let pipe = try makeNonBlockingPipe()
        signalPipeWrite = pipe.write
        signal(SIGPIPE, SIG_IGN)
        var routed = sigset_t()
        sigemptyset(&routed)
        for number in routedSignals { sigaddset(&routed, number) }
        // A parent may hand us these blocked; unblock them so they reach the loop.
        pthread_sigmask(SIG_UNBLOCK, &routed, nil)
        for number in routedSignals {
            guard forward(number) else { throw .system("sigaction()") }
        }
        return pipe.read
    }

    /// The signals the loop handles (SIGTSTP replaces curses' own handler).
    private static let routedSignals = [SIGINT, SIGTERM, SIGWINCH, SIGHUP, SIGTSTP]

    /// Routes `number` into the self-pipe; returns whether `sigaction` took it.
    private static func forward(_ number: Int32) -> Bool {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = forwardSignal
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        return sigaction(number, &action, nil) == 0
    }

    /// Runs the loop until `application` returns ``LoopControl/quit``: draws, then waits in `poll`
    /// on stdin, the signal pipe and `doorbell` (at most the application's ``ConsoleApplication/wakeAfter``,
    /// or until an unfinished paste times out); on each wake it gathers every pending event (keys
    /// through an ``InputAssembler``, so a paste is one ``Key/paste(_:)``), hands them to
    /// `application` in order followed by a ``TerminalEvent/tick``, and redraws once. When the
    /// application answers ``LoopControl/suspend`` it stops the process (see ``suspend()``).
    /// Restores the terminal before returning.
    public func run(_ application: inout some ConsoleApplication, doorbell: Doorbell) throws(ConsoleError) {
        defer { end() }
        var assembler = InputAssembler()
        draw(application)
        signalTerminal(&application)
        while true {
            var descriptors = [
                pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                pollfd(fd: signalRead, events: Int16(POLLIN), revents: 0),
                pollfd(fd: doorbell.readDescriptor, events: Int16(POLLIN), revents: 0),
            ]
            let wake = [application.wakeAfter, assembler.wakeAfter(now: Self.monotonicMilliseconds())]
                .compactMap { $0 }.min()
            let timeout = wake.map { Int32(clamping: max(0, $0)) } ?? -1
            if poll(&descriptors, nfds_t(descriptors.count), timeout) < 0 {
                if errno == EINTR { continue }
                throw .system("poll()")
            }
            var events: [TerminalEvent] = []
            if descriptors[1].revents != 0 { events += signalEvents() }
            var inputs: [InputAssembler.Input] = []
            var mice: [MouseEvent] = []
            if descriptors[0].revents & Int16(POLLIN) != 0 {
                let read = keyInputs()
                inputs = read.inputs
                mice = read.mice
                if read.resized { events.append(.resize(canvas.size)) }
            }
            events += assembler.assemble(inputs, now: Self.monotonicMilliseconds()).map { .key($0) }
            events += mice.map { .mouse($0) }
            if descriptors[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { events.append(.signal(.hangup)) }
            if descriptors[2].revents != 0, doorbell.drain() { events.append(.doorbell) }
            events.append(.tick)
            for event in coalescingResizes(events) {
                switch application.handle(event) {
                case .quit: return
                case .suspend: _ = application.handle(.resize(suspend()))
                case .keepRunning: break
                }
            }
            draw(application)
            signalTerminal(&application)
        }
    }

    /// Stops the process as Ctrl-Z would without curses: bracketed paste off, the terminal given
    /// back (`endwin`), SIGTSTP raised with its default action. When the process is continued
    /// (`fg`), takes the terminal again at its current size, bracketed paste on, and has the next
    /// draw repaint the whole screen. Returns the terminal's size.
    private func suspend() -> Size {
        writeToTerminal(bracketedPasteOff)
        endwin()
        TerminalTitle.restore()
        signal(SIGTSTP, SIG_DFL)
        raise(SIGTSTP)
        _ = Self.forward(SIGTSTP)
        writeToTerminal(bracketedPasteOn)
        TerminalTitle.resume()
        var rows: Int32 = 0
        var columns: Int32 = 0
        if cnc_window_size(STDOUT_FILENO, &rows, &columns) == 0 {
            resizeterm(rows, columns)
        }
        _ = cnc_repaint_on_refresh()
        return canvas.size
    }

    /// A monotonic clock in milliseconds, for paste timeouts.
    private static func monotonicMilliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }

    private func signalEvents() -> [TerminalEvent] {
        drainDescriptor(signalRead).compactMap { byte -> TerminalEvent? in
            switch Int32(byte) {
            case SIGINT: return .signal(.interrupt)
            case SIGTERM: return .signal(.terminate)
            case SIGHUP: return .signal(.hangup)
            case SIGTSTP: return .signal(.suspend)
            case SIGWINCH:
                var rows: Int32 = 0
                var columns: Int32 = 0
                if cnc_window_size(STDOUT_FILENO, &rows, &columns) == 0 {
                    resizeterm(rows, columns)
                }
                return .resize(canvas.size)
            default: return nil
            }
        }
    }

    /// Everything stdin has now, decoded: keys and paste markers, and whether curses reported
    /// a resize among them.
    private func keyInputs() -> (inputs: [InputAssembler.Input], resized: Bool, mice: [MouseEvent]) {
        var inputs: [InputAssembler.Input] = []
        var resized = false
        var mice: [MouseEvent] = []
        var code: wint_t = 0
        while true {
            let status = wget_wch(cnc_stdscr(), &code)
            if status == cnc_key_code_yes(), Int32(bitPattern: code) == pasteStartCode {
                inputs.append(.pasteStart)
            } else if status == cnc_key_code_yes(), Int32(bitPattern: code) == pasteEndCode {
                inputs.append(.pasteEnd)
            } else if status == cnc_key_code_yes(), Int32(bitPattern: code) == cnc_key_mouse() {
                if let mouse = readMouse() { mice.append(mouse) }
            } else if let key = Key(cursesStatus: status, code: code) {
                if key == .resize { resized = true } else { inputs.append(.key(key)) }
            } else {
                break
            }
        }
        return (inputs, resized, mice)
    }

    /// Keeps only the last resize of a wake (SIGWINCH and ncurses' KEY_RESIZE report the same one).
    private func coalescingResizes(_ events: [TerminalEvent]) -> [TerminalEvent] {
        guard let last = events.lastIndex(where: { if case .resize = $0 { true } else { false } }) else {
            return events
        }
        return events.enumerated().compactMap { index, event in
            if case .resize = event, index != last { return nil }
            return event
        }
    }

    private func draw(_ application: some ConsoleApplication) {
        canvas.clear()
        application.render(on: &canvas)
        if let cursor = canvas.cursor {
            curs_set(1)
            move(Int32(cursor.row), Int32(cursor.column))
        } else {
            curs_set(0)
        }
        refresh()
    }
}
