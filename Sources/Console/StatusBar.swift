import DisplayText

/// The two bottom rows: the listener and counts, then the notice and the focused keys' hints.
enum StatusBar {
    /// Listener state, the URL (token shortened) and the counts.
    static func info(_ state: AppState) -> StyledLine {
        let counts = Sanitizer.line(
            "unsorted \(state.counts.unsorted) · conflicts \(state.counts.openConflicts) · overdue \(state.counts.overdueTasks)"
        )
        let listener = state.listener
        if let error = listener.lastError {
            return StyledLine(Sanitizer.line("listener error: \(error) · ") + counts, .error)
        }
        let where_ = Sanitizer.line(listener.shortURL)
        let state_: DisplayLine
        if !listener.embedded {
            state_ = "not listening here (--no-listen)"
        } else if listener.listening {
            state_ = Sanitizer.line("listening, \(listener.eventsInLastHour) events/h")
        } else {
            state_ = "listener stopped"
        }
        return StyledLine(counts + " · " + state_ + " · " + where_, .statusBar)
    }

    static func render(_ state: AppState, on canvas: inout some Canvas, in rect: Rect) {
        guard !rect.isEmpty else { return }
        let hintsRow = Rect(row: rect.bottom - 1, column: rect.left, rows: 1, columns: rect.columns)
        if rect.rows >= 2 {
            let info = info(state)
            canvas.fill(Rect(row: rect.top, column: rect.left, rows: 1, columns: rect.columns), style: .statusBar)
            canvas.draw(
                info.text.truncated(toWidth: rect.columns - 1), at: Point(row: rect.top, column: rect.left + 1),
                width: rect.columns - 1, style: info.style)
        }
        let notice = state.notice
        StatusLine(
            message: notice?.text ?? (rect.rows >= 2 ? .empty : info(state).text),
            messageStyle: notice?.style ?? .statusBar, hints: hints(state)
        ).render(on: &canvas, in: hintsRow)
    }

    /// The hints of what has the keys: the top dialog, else the focused pane and global keys.
    static func hints(_ state: AppState) -> [StatusHint] {
        switch state.modals.last {
        case .help?: return [StatusHint(key: "Esc", label: "close")]
        case .search?: return [StatusHint(key: "Enter", label: "search"), StatusHint(key: "Esc", label: "cancel")]
        case .form?: return Form.keymap.statusHints
        case .picker(let modal)?: return modal.picker.keymap.statusHints
        case .conflicts?: return AppKeymaps.conflict.statusHints
        case .merge?: return AppKeymaps.merge.statusHints
        case .fields?: return AppKeymaps.fields.statusHints
        case .stale?: return AppKeymaps.stale.statusHints
        case .text?: return TextViewer.keymap.statusHints
        case .confirmQuit?: return [StatusHint(key: "y", label: "quit"), StatusHint(key: "n", label: "stay")]
        case .confirm?: return [StatusHint(key: "y", label: "yes"), StatusHint(key: "n", label: "no")]
        case nil: return state.keys.global.statusHints + state.focusedKeymap.statusHints
        }
    }
}
