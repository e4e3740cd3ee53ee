import CNCurses
import Glibc

extension TerminalSession {
    /// Turns off the terminal driver's XON/XOFF flow control (`IXON`), which `cbreak` leaves on:
    /// with it, Ctrl-S froze the output and Ctrl-Q never reached the console, so neither could be
    /// bound. Saved as curses' program mode; `endwin` restores the shell's mode.
    static func disableFlowControl() {
        var mode = termios()
        guard tcgetattr(STDIN_FILENO, &mode) == 0 else { return }
        mode.c_iflag &= ~tcflag_t(IXON)
        tcsetattr(STDIN_FILENO, TCSANOW, &mode)
        def_prog_mode()
    }
}
