import CRMCore
import DisplayText

/// The lead list: one row per lead with status, markers, name, phone, email, manager and last
/// activity; columns drop out as the pane narrows.
enum LeadsPane {
    /// The pane title: the tab and any filters.
    static func title(_ state: AppState) -> DisplayLine {
        var title = "Leads: " + (state.query.search == nil ? Sanitizer.line(state.query.tab.label) : "every lead")
        if let status = state.query.status { title += " · " + Sanitizer.line(status.label) }
        if let manager = state.query.managerLogin { title += " · @" + Sanitizer.line(manager) }
        if state.query.unassigned { title += " · unassigned" }
        if state.query.conflicts { title += " · !conflicts" }
        if state.query.tasks { title += " · +tasks" }
        if state.query.sort != .activity { title += " · by " + Sanitizer.line(state.query.sort.label) }
        if !state.marked.isEmpty { title += Sanitizer.line(" · \(state.marked.count) marked") }
        if let search = state.query.search { title += " · /" + Sanitizer.line(search) }
        title +=
            state.hasMoreLeads
            ? Sanitizer.line(" (\(state.leads.count)+)") : Sanitizer.line(" (\(state.leads.count))")
        title += state.list.unseenTitle
        return title
    }

    static func render(_ state: AppState, on canvas: inout some Canvas, in rect: Rect, focused: Bool) {
        guard !rect.isEmpty else { return }
        if state.leads.isEmpty {
            let lines = state.counts.leads == 0 ? emptyStore(state) : emptyView(state)
            canvas.drawLines(lines.flatMap { wrap($0, rect.columns) }, in: rect, offset: 0)
            return
        }
        let byID = Dictionary(state.leads.map { ($0.lead.id, $0) }, uniquingKeysWith: { first, _ in first })
        let height = rowsPerLead(width: rect.columns)
        let header = headerRows(width: rect.columns)
        if header > 0 {
            canvas.drawFitted(tableHeader(width: rect.columns), at: rect.origin, width: rect.columns, style: .dim)
        }
        for (slot, index) in state.list.visibleRange.prefix((rect.rows - header) / height).enumerated() {
            guard let summary = byID[state.list.ids[index]] else { continue }
            let selected = index == state.list.selection
            let style: Style = selected ? (focused ? .selected : .header) : .normal
            let row = rect.top + header + slot * height
            let marked = state.marked.contains(summary.lead.id)
            if header > 0 {
                canvas.drawFitted(
                    tableLine(summary, width: rect.columns, zone: state.settings.localTime, marked: marked),
                    at: Point(row: row, column: rect.left), width: rect.columns, style: style)
            } else if height == 1 {
                canvas.drawFitted(
                    line(summary, width: rect.columns, zone: state.settings.localTime, marked: marked),
                    at: Point(row: row, column: rect.left), width: rect.columns, style: style)
            } else {
                let lines = twoLines(summary, width: rect.columns, zone: state.settings.localTime, marked: marked)
                canvas.drawFitted(lines.0, at: Point(row: row, column: rect.left), width: rect.columns, style: style)
                canvas.drawFitted(
                    lines.1, at: Point(row: row + 1, column: rect.left), width: rect.columns,
                    style: selected ? style : .dim)
            }
        }
    }

    /// The widest columns of the table: phone, email, manager, status, last activity.
    private static let tableColumns = [16, 28, 16, 10, 11]

    /// Header rows above the leads: one in a pane wide enough for the table (the wide layout's
    /// list), else none.
    static func headerRows(width: Int) -> Int {
        width >= Layout.minimumTableColumns - 2 ? 1 : 0
    }

    /// The table's column titles, aligned with ``tableLine(_:width:zone:marked:)``.
    static func tableHeader(width: Int) -> DisplayLine {
        tableRow(
            head: "      ", name: "NAME",
            cells: ["PHONE", "EMAIL", "MANAGER", "STATUS", "ACTIVITY"].map { DisplayLine(stringLiteral: $0) },
            width: width)
    }

    /// A lead as one table row: markers and name, then phone, email, manager, status and last activity.
    static func tableLine(_ summary: LeadSummary, width: Int, zone: LocalTime, marked: Bool = false) -> DisplayLine {
        let lead = summary.lead
        return tableRow(
            head: prefix(summary, marked: marked), name: displayName(lead),
            cells: [
                Sanitizer.line(lead.primaryPhone), Sanitizer.line(lead.primaryEmail),
                Sanitizer.line(lead.manager.map { shortLogin($0.login) } ?? "-"), Sanitizer.line(lead.status.label),
                ConsoleTime.compact(lead.lastActivityAt, zone),
            ], width: width)
    }

    private static func tableRow(head: DisplayLine, name: DisplayLine, cells: [DisplayLine], width: Int) -> DisplayLine
    {
        let fixed = tableColumns.reduce(0) { $0 + $1 + 1 }
        var line = head + name.padded(toWidth: max(1, width - head.width - fixed))
        for (cell, columns) in zip(cells, tableColumns) { line += " " + cell.padded(toWidth: columns) }
        return line
    }

    /// Screen rows per lead: two in a pane under 100 columns (contacts on a second row), else one.
    static func rowsPerLead(width: Int) -> Int {
        width < 100 ? 2 : 1
    }

    /// A lead in a narrow pane: status, markers, name and time; then phone, email and manager.
    static func twoLines(_ summary: LeadSummary, width: Int, zone: LocalTime, marked: Bool = false) -> (
        DisplayLine, DisplayLine
    ) {
        let lead = summary.lead
        let time = ConsoleTime.compact(lead.lastActivityAt, zone)
        let head = prefix(summary, marked: marked)
        let nameWidth = max(1, width - head.width - time.width - 1)
        let first = head + displayName(lead).padded(toWidth: nameWidth) + " " + time
        let manager = lead.manager.map { "@" + shortLogin($0.login) } ?? "-"
        let contacts = [lead.primaryPhone, lead.primaryEmail, manager].filter { !$0.isEmpty }.joined(separator: " · ")
        return (first, .spaces(head.width) + Sanitizer.line(contacts))
    }

    /// `U !+* `: the status letter, `✓` when marked, and the conflict, task and unread markers.
    static func prefix(_ summary: LeadSummary, marked: Bool = false) -> DisplayLine {
        Sanitizer.line(statusLetter(summary.lead.status) + (marked ? "✓" : " ") + summary.markers(absent: " ") + " ")
    }

    /// The lead's name, or its title when the visitor gave none.
    static func displayName(_ lead: Lead) -> DisplayLine {
        Sanitizer.line(lead.displayName)
    }

    /// A login without its mail domain.
    static func shortLogin(_ login: String) -> String {
        login.split(separator: "@").first.map(String.init) ?? login
    }

    /// What an empty list says: no hit for the search, or nothing in the view.
    static func emptyView(_ state: AppState) -> [StyledLine] {
        guard let search = state.query.search else {
            if state.query.tab == .mine && state.operatorLogin == nil {
                return [
                    StyledLine(Sanitizer.line("You are \"\(state.operatorName)\", no manager's login."), .dim),
                    StyledLine("Set operator = YOUR-LOGIN in the config (jivocrm managers lists logins).", .dim),
                ]
            }
            return [
                StyledLine("No leads in this view.", .dim),
                StyledLine("Keys 1-5 switch views; Esc clears filters.", .dim),
            ]
        }
        return [
            StyledLine(Sanitizer.line("No lead matches \"\(search)\"."), .dim),
            StyledLine("Esc clears the search; / searches again.", .dim),
        ]
    }

    /// What an empty store says: where to point JivoChat, and the demo.
    static func emptyStore(_ state: AppState) -> [StyledLine] {
        let url = state.listener.webhookURL.isEmpty ? "jivocrm webhook-url prints it" : state.listener.webhookURL
        return [
            StyledLine("No leads yet.", .title),
            StyledLine(.empty),
            StyledLine(
                "Connect JivoChat: Manage › Channels › Settings › Integration settings for developers › Webhooks, and paste this URL as the Webhooks Endpoint URL:"
            ),
            StyledLine(Sanitizer.line(url), .key),
            StyledLine(.empty),
            StyledLine(
                "Or fill the store with demo traffic: run `jivocrm simulate` in another terminal. New leads appear here on their own."
            ),
        ]
    }

    static func wrap(_ line: StyledLine, _ width: Int) -> [StyledLine] {
        line.text.wrapped(toWidth: width).map { StyledLine($0, line.style) }
    }

    /// One lead as a row `width` columns wide: columns are added while the name keeps 14.
    static func line(_ summary: LeadSummary, width: Int, zone: LocalTime, marked: Bool = false) -> DisplayLine {
        let lead = summary.lead
        var head = prefix(summary, marked: marked)
        let extras: [(DisplayLine, Int)] = [
            (ConsoleTime.compact(lead.lastActivityAt, zone), 11), (Sanitizer.line(lead.primaryPhone), 16),
            (Sanitizer.line(lead.primaryEmail), 24),
            (Sanitizer.line(lead.manager.map { shortLogin($0.login) } ?? "-"), 10),
        ]
        var available = width - head.width
        var shown: [(DisplayLine, Int)] = []
        for extra in extras {
            guard available - (extra.1 + 1) >= 14 else { break }
            shown.append(extra)
            available -= extra.1 + 1
        }
        head += displayName(lead).padded(toWidth: available)
        for (text, columns) in shown.dropFirst() + shown.prefix(1) { head += " " + text.padded(toWidth: columns) }
        return head
    }

    /// A one-letter status: U, O, Q, W, L, S.
    static func statusLetter(_ status: LeadStatus) -> String {
        String(status.label.prefix(1))
    }
}
