/// A signal the console loop reports to the application.
public enum TerminalSignal: Sendable, Hashable {
    /// SIGINT (Ctrl-C when not in raw mode, or `kill -INT`).
    case interrupt
    /// SIGTERM.
    case terminate
    /// The terminal went away (stdin hung up).
    case hangup
    /// SIGTSTP (Ctrl-Z, or `kill -TSTP`): the application answers ``LoopControl/suspend`` to stop.
    case suspend
}

/// Something that woke the console loop.
public enum TerminalEvent: Sendable, Hashable {
    /// A key press.
    case key(Key)
    /// A mouse click or wheel turn (only after ``TerminalSession/enableMouse()``).
    case mouse(MouseEvent)
    /// The terminal has a new size.
    case resize(Size)
    /// Another thread rang the ``Doorbell``: stored data changed.
    case doorbell
    /// A signal arrived.
    case signal(TerminalSignal)
    /// The loop woke (or waited ``ConsoleApplication/wakeAfter`` milliseconds): time-based
    /// state such as a transient message may expire.
    case tick
}

/// Whether the loop should keep running after an event.
public enum LoopControl: Sendable, Hashable {
    /// Keep running.
    case keepRunning
    /// Leave the loop (the session then restores the terminal).
    case quit
    /// Stop the process as Ctrl-Z does: the session gives the terminal back first, and takes it
    /// again and redraws when the process is continued (`fg`).
    case suspend
}

/// The application a ``TerminalSession`` drives: pure state that handles events and draws itself.
public protocol ConsoleApplication {
    /// Updates state for `event`.
    mutating func handle(_ event: TerminalEvent) -> LoopControl
    /// Draws the whole screen from state.
    func render(on canvas: inout some Canvas)
    /// Milliseconds until the application wants a ``TerminalEvent/tick`` with nothing else
    /// happening, or nil to wait for input only.
    var wakeAfter: Int? { get }
    /// The title the terminal should show, or nil to leave the terminal's own.
    var terminalTitle: String? { get }
    /// Whether the terminal bell should ring now; asking clears the request.
    mutating func takeBell() -> Bool
}

extension ConsoleApplication {
    /// No title of its own.
    public var terminalTitle: String? { nil }

    /// Never rings.
    public mutating func takeBell() -> Bool { false }
}
