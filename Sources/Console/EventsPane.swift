import CRMCore
import DisplayText

/// The raw inbox: every delivery the listeners kept, quarantined and failed first, then the
/// rest newest first; Enter opens a delivery's lead.
enum EventsPane {
    static func render(_ state: AppState, on canvas: inout some Canvas, in frame: Rect) {
        let health = state.counts.health
        canvas.drawBorder(
            frame,
            title: Sanitizer.line(
                "Inbox: \(health.quarantined) quarantined, \(health.failed) failed, \(health.eventsInLastHour) in the last hour"
            ) + (state.inbox.count >= AppState.inboxLimit ? Sanitizer.line(" · newest \(AppState.inboxLimit)") : .empty)
                + state.inboxList.unseenTitle, style: .focusedBorder)
        let rect = frame.inset(by: 1)
        guard !rect.isEmpty else { return }
        guard !state.inbox.isEmpty else {
            canvas.drawLines(
                [StyledLine("No deliveries yet. Every webhook body that reaches the listener is kept here.", .dim)],
                in: rect, offset: 0)
            return
        }
        let byID = Dictionary(state.inbox.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for (row, index) in state.inboxList.visibleRange.prefix(rect.rows).enumerated() {
            guard let event = byID[state.inboxList.ids[index]] else { continue }
            let style: Style =
                index == state.inboxList.selection ? .selected : event.isTroubled ? .warning : .normal
            canvas.drawFitted(
                line(event, zone: state.settings.localTime), at: Point(row: rect.top + row, column: rect.left),
                width: rect.columns, style: style)
        }
    }

    /// One delivery: number, arrival, event name, status, lead, then why (error or note).
    static func line(_ event: EventRecord, zone: LocalTime) -> DisplayLine {
        let name = Sanitizer.line(event.eventName.isEmpty ? "-" : event.eventName).padded(toWidth: 26)
        let lead = Sanitizer.line(event.leadID.map { "#\($0)" } ?? "-").padded(toWidth: 8)
        return Sanitizer.line("#\(event.id)").padded(toWidth: 8) + " " + ConsoleTime.compact(event.receivedAt, zone)
            + " "
            + name + " " + Sanitizer.line(event.status).padded(toWidth: 11) + " " + lead + " "
            + Sanitizer.line(event.error ?? event.note ?? "")
    }
}
