import CNCurses

extension TerminalSession {
    /// After a draw: rings the bell if `application` asks for it, then shows its title.
    func signalTerminal(_ application: inout some ConsoleApplication) {
        if application.takeBell() { beep() }
        if let title = application.terminalTitle { TerminalTitle.show(title) }
    }
}
