import CNCurses
import Glibc

/// The terminal mode before curses took it over, for the crash handler (set before it is
/// installed). Heap storage larger than any `struct termios`: the C library writes its own size
/// of the structure, which AddressSanitizer showed exceeds the size Swift gave a global of the
/// imported type in this module, and overran the next global.
nonisolated(unsafe) private let crashTermios = UnsafeMutableRawPointer.allocate(byteCount: 256, alignment: 16)
    .bindMemory(to: termios.self, capacity: 1)
/// Whether `crashTermios` holds a mode.
nonisolated(unsafe) private var crashTermiosSaved = false
/// The bytes that put the terminal back (attributes off, cursor shown, keypad off, alternate
/// screen left, bracketed paste off), written by the crash handler; allocated once, never freed.
nonisolated(unsafe) private var crashReset: UnsafeMutablePointer<UInt8>?
/// How many bytes of `crashReset` are used.
nonisolated(unsafe) private var crashResetCount = 0
/// Whether the crash handler should restore the terminal (true from ``CrashGuard/arm()`` until
/// ``CrashGuard/disarm()``).
nonisolated(unsafe) private var crashArmed: sig_atomic_t = 0

/// Restores the terminal and dies of `signal` with its default action. Only async-signal-safe
/// calls: `write`, `tcsetattr`, `signal`, `raise`.
private func crashHandler(_ signal: Int32) {
    if crashArmed != 0 {
        crashArmed = 0
        if let crashReset {
            _ = write(STDOUT_FILENO, crashReset, crashResetCount)
        }
        if crashTermiosSaved {
            _ = tcsetattr(STDIN_FILENO, TCSANOW, crashTermios)
        }
    }
    _ = Glibc.signal(signal, SIG_DFL)
    _ = raise(signal)
}

/// Leaves the terminal usable when the process dies of a fault in any thread: a Swift trap
/// (SIGILL, SIGTRAP), SIGSEGV, SIGBUS, SIGFPE or SIGABRT. The handler writes the saved reset
/// sequence and the saved terminal mode back, then re-raises the signal with its default
/// action (so the exit status and any core dump are as without it).
enum CrashGuard {
    /// The signals guarded.
    static let signals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT]

    /// The size of the alternate signal stack, so a stack overflow can still be handled.
    private static let alternateStackSize = 64 * 1024

    /// Saves the terminal's mode; call before curses changes it.
    static func saveMode() {
        crashTermiosSaved = tcgetattr(STDIN_FILENO, crashTermios) == 0
    }

    /// Records the reset sequence of the terminal curses set up (its `sgr0`, `cnorm`, `rmkx`
    /// and `rmcup`, else the ECMA-48/xterm ones, then bracketed paste off), installs the handlers on an alternate stack,
    /// and arms them. Call after `newterm`.
    static func arm() {
        if crashReset == nil {
            var bytes: [UInt8] = []
            for (capability, fallback) in [
                ("sgr0", "\u{1b}[0m"), ("cnorm", "\u{1b}[?25h"), ("rmkx", "\u{1b}[?1l\u{1b}>"),
                ("rmcup", "\u{1b}[?1049l"),
            ] {
                if let value = cnc_terminfo_string(capability) {
                    bytes += Array(String(cString: value).utf8)
                } else {
                    bytes += Array(fallback.utf8)
                }
            }
            bytes += Array((bracketedPasteOff + "\r\n").utf8)
            let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: bytes.count)
            buffer.initialize(from: bytes, count: bytes.count)
            crashResetCount = bytes.count
            crashReset = buffer
            installHandlers()
        }
        crashArmed = 1
    }

    /// Stops the handlers touching the terminal (curses restored it); they still re-raise.
    static func disarm() {
        crashArmed = 0
    }

    private static func installHandlers() {
        var stack = stack_t()
        stack.ss_sp = UnsafeMutableRawPointer.allocate(byteCount: alternateStackSize, alignment: 16)
        stack.ss_size = alternateStackSize
        stack.ss_flags = 0
        let hasStack = sigaltstack(&stack, nil) == 0
        for number in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = crashHandler
            sigemptyset(&action.sa_mask)
            action.sa_flags =
                Int32(truncatingIfNeeded: SA_RESETHAND) | (hasStack ? Int32(truncatingIfNeeded: SA_ONSTACK) : 0)
            _ = sigaction(number, &action, nil)
        }
    }
}
