import CRMCore
import CRMStore
import DisplayText

/// The lead list: one row per lead with status, markers, name, phone, email, manager and last
/// activity; columns drop out as the pane narrows.
enum LeadsPane {
    /// The pane title: the tab and any filters.
    static func title(_ state: AppState) -> DisplayLine {
        var title = "Leads: " + Sanitizer.line(state.view.label)
        if let status = state.statusFilter { title += " · " + Sanitizer.line(status.label) }
        if let manager = state.managerFilter { title += " · @" + Sanitizer.line(manager) }
        if let search = state.search { title += " · /" + Sanitizer.line(search) }
        return title + (state.hasMoreLeads ? Sanitizer.line(" (\(state.leads.count)+)") : Sanitizer.line(" (\(state.leads.count))"))
    }

    static func render(_ state: AppState, on canvas: inout some Canvas, in rect: Rect, focused: Bool) {
        guard !rect.isEmpty else { return }
        if state.leads.isEmpty {
            let lines = state.counts.leads == 0 ? emptyStore(state) : [StyledLine("No leads in this view.", .dim), StyledLine("Keys 1-5 switch views; Esc clears filters.", .dim)]
            canvas.drawLines(lines.flatMap { wrap($0, rect.columns) }, in: rect, offset: 0)
            return
        }
        let byID = Dictionary(state.leads.map { ($0.lead.id, $0) }, uniquingKeysWith: { first, _ in first })
        for (row, index) in state.list.visibleRange.prefix(rect.rows).enumerated() {
            guard let summary = byID[state.list.ids[index]] else { continue }
            let selected = index == state.list.selection
            let style: Style = selected ? (focused ? .selected : .header) : .normal
            canvas.drawFitted(line(summary, width: rect.columns), at: Point(row: rect.top + row, column: rect.left), width: rect.columns, style: style)
        }
    }

    /// What an empty store says: where to point JivoChat, and the demo.
    static func emptyStore(_ state: AppState) -> [StyledLine] {
        let url = state.listener.webhookURL.isEmpty ? "jivocrm webhook-url prints it" : state.listener.webhookURL
        return [
            StyledLine("No leads yet.", .title),
            StyledLine(.empty),
            StyledLine("Connect JivoChat: Manage › Channels › Settings › Integration settings for developers › Webhooks, and paste this URL as the Webhooks Endpoint URL:"),
            StyledLine(Sanitizer.line(url), .key),
            StyledLine(.empty),
            StyledLine("Or fill the store with demo traffic: run `jivocrm simulate` in another terminal. New leads appear here on their own."),
        ]
    }

    static func wrap(_ line: StyledLine, _ width: Int) -> [StyledLine] {
        line.text.wrapped(toWidth: width).map { StyledLine($0, line.style) }
    }

    /// One lead as a row `width` columns wide.
    static func line(_ summary: LeadSummary, width: Int) -> DisplayLine {
        let lead = summary.lead
        let markers = Sanitizer.line(
            (summary.openConflicts > 0 ? "!" : " ") + (summary.openTasks > 0 ? "+" : " ") + (summary.unreadChats > 0 ? "*" : " "))
        let status = Sanitizer.line(statusLetter(lead.status))
        var head = status + " " + markers + " "
        let name = Sanitizer.line(lead.name.isEmpty ? lead.title : lead.name)
        var extras: [(DisplayLine, Int)] = [(ConsoleTime.compact(lead.lastActivityAt), 11)]
        extras.append((Sanitizer.line(lead.primaryPhone), 16))
        extras.append((Sanitizer.line(lead.primaryEmail), 22))
        extras.append((Sanitizer.line(lead.manager?.login.split(separator: "@").first.map(String.init) ?? "-"), 10))
        var available = width - head.width
        var shown: [(DisplayLine, Int)] = []
        for extra in extras where available - (extra.1 + 1) >= 14 {
            shown.append(extra)
            available -= extra.1 + 1
        }
        head += name.padded(toWidth: available)
        let order = [1, 2, 3, 0].compactMap { index in shown.indices.contains(index) ? shown[index] : nil }
        for (text, columns) in order { head += " " + text.padded(toWidth: columns) }
        return head
    }

    /// A one-letter status: U, O, Q, W, L, S.
    static func statusLetter(_ status: LeadStatus) -> String {
        String(status.label.prefix(1))
    }
}
