import CRMCore
import DisplayText

/// The two bottom rows: the listener and counts, then the notice and the focused keys' hints.
enum StatusBar {
    /// The counts, then whether anyone answers JivoChat for this store (from the listeners'
    /// heartbeats in the store, whichever process listens), the inbox's last hour, its
    /// quarantined and failed deliveries, and the webhook URL (token shortened); what does not
    /// fit in `width` columns goes first: the last delivery's time, then the hour's count.
    static func info(_ state: AppState, width: Int = .max) -> StyledLine {
        let counts = Sanitizer.line(
            "unsorted \(state.counts.unsorted) · conflicts \(state.counts.openConflicts) · overdue \(state.counts.overdueTasks)"
        )
        let listener = state.listener
        if let error = listener.lastError {
            return StyledLine(Sanitizer.line("listener error: \(error) · ") + counts, .error)
        }
        let health = state.counts.health
        var style = Style.statusBar
        let who: String
        if listener.embedded && listener.listening {
            who = "listening here"
        } else if !health.alive.isEmpty {
            who = "listener up"
        } else {
            who =
                "NO LISTENER"
                + (health.lastBeatAt.map { " since " + ConsoleTime.compact($0, state.settings.localTime).string } ?? "")
            style = .error
        }
        let trouble =
            (health.quarantined > 0 ? ["\(health.quarantined) quarantined"] : [])
            + (health.failed > 0 ? ["\(health.failed) failed"] : [])
        if style == .statusBar, !trouble.isEmpty { style = .warning }
        let more = health.eventsInLastHour >= ListenerHealth.countLimit ? "+" : ""
        let hour = "\(health.eventsInLastHour)\(more) events/h"
        // Another process's listener: its address, with this store's token.
        let url =
            listener.embedded
            ? listener.shortURL
            : health.alive.first.map { ListenerInfo(webhookURL: $0.address + "/jivo/" + listener.token).shortURL }
                ?? listener.shortURL
        let last = health.lastEventAt.map { ["last " + ConsoleTime.compact($0, state.settings.localTime).string] } ?? []
        var line = DisplayLine.empty
        for parts in [[who, hour] + last + trouble, [who, hour] + trouble, [who] + trouble] {
            line =
                counts + " · " + Sanitizer.line(parts.joined(separator: ", ")) + " · "
                + Sanitizer.line(url)
            if line.width < width { break }
        }
        return StyledLine(line, style)
    }

    static func render(_ state: AppState, on canvas: inout some Canvas, in rect: Rect) {
        guard !rect.isEmpty else { return }
        let hintsRow = Rect(row: rect.bottom - 1, column: rect.left, rows: 1, columns: rect.columns)
        let notice = state.notice
        // A long notice (a refusal saying who changed what) is read in full: it takes the hints'
        // room, and the listener's row too when one row is not enough.
        let long = notice.map { $0.text.width > rect.columns / 2 } ?? false
        if let notice, long, rect.rows >= 2 {
            let lines = notice.text.wrapped(toWidth: max(1, rect.columns - 2))
            if lines.count > 1 {
                var second = lines.dropFirst(2).reduce(lines[1]) { $0 + " " + $1 }
                // What does not fit is read with the messages key, which the cut row names.
                if second.width > rect.columns - 2,
                    let key = state.keys.global.bindings.first(where: { $0.command == .messages })?.keys.first
                {
                    let whole = Sanitizer.line(" (\(key.name): in full)")
                    second = second.truncated(toWidth: max(1, rect.columns - 2 - whole.width)) + whole
                }
                for (offset, line) in [lines[0], second].enumerated() {
                    canvas.fill(
                        Rect(row: rect.top + offset, column: rect.left, rows: 1, columns: rect.columns),
                        style: .statusBar)
                    canvas.draw(
                        line.truncated(toWidth: rect.columns - 2),
                        at: Point(row: rect.top + offset, column: rect.left + 1),
                        width: rect.columns - 2, style: notice.style)
                }
                return
            }
        }
        if rect.rows >= 2 {
            let info = info(state, width: rect.columns)
            canvas.fill(Rect(row: rect.top, column: rect.left, rows: 1, columns: rect.columns), style: .statusBar)
            canvas.draw(
                info.text.truncated(toWidth: rect.columns - 1), at: Point(row: rect.top, column: rect.left + 1),
                width: rect.columns - 1, style: info.style)
        }
        StatusLine(
            message: notice?.text
                ?? (rect.rows >= 2 ? zone(state) : zone(state) + " · " + info(state, width: rect.columns / 2).text),
            messageStyle: notice?.style ?? .statusBar, hints: long ? [] : hints(state)
        ).render(on: &canvas, in: hintsRow)
    }

    /// The zone every time on screen is in, named once: `times UTC+03:00`. It stands where the
    /// notice does when there is none, so the listener's URL keeps its room.
    static func zone(_ state: AppState) -> DisplayLine {
        Sanitizer.line("times \(state.settings.localTime.label(at: state.now))")
    }

    /// The hints of what has the keys: the top dialog, else the focused pane and global keys.
    static func hints(_ state: AppState) -> [StatusHint] {
        switch state.modals.last {
        case .help?: return [StatusHint(key: "Esc", label: "close")]
        case .search?: return SearchModal.keymap.statusHints
        case .form?: return Form.keymap.statusHints
        case .picker(let modal)?: return modal.picker.keymap.statusHints
        case .conflicts(let modal)?:
            return modal.items.indices.contains(modal.index)
                ? ConflictModal.statusHints(modal.items[modal.index]) : ConflictModal.keymap.statusHints
        case .merge?: return MergeModal.keymap.statusHints
        case .fields?: return FieldsModal.keymap.statusHints
        case .contacts?: return ContactsModal.keymap.statusHints
        case .notes?: return NotesModal.keymap.statusHints
        case .stale?: return StaleModal.keymap.statusHints
        case .text?: return TextViewer.keymap.statusHints
        case .confirmQuit?: return [StatusHint(key: "y", label: "quit"), StatusHint(key: "n", label: "stay")]
        case .confirm?: return [StatusHint(key: "y", label: "yes"), StatusHint(key: "n", label: "no")]
        case nil: return state.keys.global.statusHints + state.focusedKeymap.statusHints
        }
    }
}
