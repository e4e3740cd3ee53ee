import CNCurses
import Glibc
import Synchronization

/// The terminal's title (the window title, tmux's `#{pane_title}`), written beside curses.
///
/// The title goes out as the terminal's status-line sequence from terminfo (`tsl` … `fsl`) when
/// it declares one (`hs`), else as OSC 2 … BEL on terminals known to take it (xterm and its kin,
/// tmux, screen). The title the terminal had is pushed on its title stack first (XTWINOPS 22) and
/// popped back (23) by ``restore()``, which every exit path of ``TerminalSession`` runs, as does
/// a suspension (Ctrl-Z) until ``resume()``.
enum TerminalTitle {
    /// The bytes that start and end a title on this terminal.
    private struct Sequences: Sendable {
        let start: String
        let end: String
    }

    /// The sequences once curses has read terminfo, and the title last written.
    private static let state = Mutex<(sequences: Sequences?, shown: String?, pushed: Bool)>((nil, nil, false))

    /// TERM prefixes of terminals that take OSC 2 titles and the XTWINOPS title stack.
    static let oscTerminals = [
        "xterm", "tmux", "screen", "rxvt", "alacritty", "foot", "kitty", "wezterm", "vte", "gnome", "konsole", "st-",
    ]

    /// Decides how titles are written for `terminalName` (call after curses started); pushes the
    /// current title so ``restore()`` can bring it back.
    static func start(terminalName: String) {
        let sequences: Sequences?
        if tigetflag("hs") > 0, let start = cnc_terminfo_string("tsl"), let end = cnc_terminfo_string("fsl") {
            sequences = Sequences(start: String(cString: start), end: String(cString: end))
        } else if oscTerminals.contains(where: { terminalName.hasPrefix($0) }) {
            sequences = Sequences(start: "\u{1b}]2;", end: "\u{07}")
        } else {
            sequences = nil
        }
        state.withLock { state in
            state.sequences = sequences
            state.shown = nil
            if sequences != nil, !state.pushed {
                write("\u{1b}[22;0t")
                state.pushed = true
            }
        }
    }

    /// Shows `title` (our own text, never a visitor's) when it differs from the one shown.
    static func show(_ title: String) {
        state.withLock { state in
            guard let sequences = state.sequences, state.shown != title else { return }
            let clean = String(
                String.UnicodeScalarView(title.unicodeScalars.filter { $0.properties.generalCategory != .control }))
            write(sequences.start + clean + sequences.end)
            state.shown = title
        }
    }

    /// After ``restore()`` (the console was suspended): pushes the terminal's title again, so
    /// that the next ``show(_:)`` writes ours and a later ``restore()`` brings the shell's back.
    static func resume() {
        state.withLock { state in
            guard state.sequences != nil, !state.pushed else { return }
            write("\u{1b}[22;0t")
            state.pushed = true
            state.shown = nil
        }
    }

    /// Pops the title the terminal had before ``start(terminalName:)``; idempotent.
    static func restore() {
        state.withLock { state in
            guard state.pushed else { return }
            write("\u{1b}[23;0t")
            state.pushed = false
            state.shown = nil
        }
    }

    private static func write(_ text: String) {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress! + sent, $0.count - sent) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return }
            sent += count
        }
    }
}
