import CRMStore

/// The running console: the state, the store effects run against, and the queue the listener
/// fills. ``TerminalSession`` drives it; tests drive it with ``send(_:)`` and ``render(on:)``.
public final class ConsoleApp: ConsoleApplication {
    /// What is shown.
    public private(set) var state: AppState
    private let runner: EffectRunner
    private let changes: ChangeQueue
    private let listenerInfo: () -> ListenerInfo

    /// A console over `store` (opened on this thread), attributing edits to `state.operatorName`;
    /// `listenerInfo` is asked for the listener's state before each event is handled.
    public init(
        store: Store, state: AppState, changes: ChangeQueue = ChangeQueue(),
        listenerInfo: @escaping () -> ListenerInfo = { ListenerInfo() }
    ) {
        self.state = state
        runner = EffectRunner(store: store, actor: state.operatorName)
        self.changes = changes
        self.listenerInfo = listenerInfo
        self.state.listener = listenerInfo()
        run(state.initialEffects)
    }

    /// Handles one terminal event; quits when the state asks to. Ctrl-Z suspends only a console
    /// whose process does not run the listener (a stopped process would leave webhooks hanging).
    public func handle(_ event: TerminalEvent) -> LoopControl {
        switch event {
        case .signal(.suspend):
            guard listenerInfo().embedded else { return .suspend }
            send(.suspendRefused)
        case .key(let key): send(.key(key))
        case .mouse(let mouse): send(.mouse(mouse))
        case .resize(let size): send(.resize(size))
        case .doorbell: send(.changes(changes.drain()))
        case .signal(.interrupt): send(.interrupt)
        case .signal(.terminate), .signal(.hangup): send(.terminate)
        case .tick: send(.tick)
        }
        return state.quitRequested ? .quit : .keepRunning
    }

    /// Applies `event` and everything its effects lead to.
    public func send(_ event: AppEvent) {
        state.now = runner.store.clock()
        state.listener = listenerInfo()
        run(state.update(event))
    }

    /// Milliseconds until the transient message expires or the status line is read again,
    /// whichever comes first.
    public var wakeAfter: Int? {
        let next = min(state.noticeExpiresAt ?? .max, state.countsRefreshAt)
        return Int(clamping: next - runner.store.clock())
    }

    /// The terminal title: the unread arrivals' count.
    public var terminalTitle: String? {
        state.terminalTitle
    }

    /// Whether an arrival asked for the bell since the last call.
    public func takeBell() -> Bool {
        state.takeBellRequest()
    }

    /// Draws the screen.
    public func render(on canvas: inout some Canvas) {
        state.render(on: &canvas)
    }

    private func run(_ effects: [Effect]) {
        var pending = effects
        var steps = 0
        while !pending.isEmpty, steps < 1000 {
            steps += 1
            let effect = pending.removeFirst()
            for event in runner.run(effect) {
                pending += state.update(event)
            }
        }
    }
}
