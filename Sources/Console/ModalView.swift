import CRMCore
import DisplayText

/// Draws dialogs centred over the panes.
enum ModalView {
    static func render(_ modal: Modal, state: AppState, on canvas: inout some Canvas, in area: Rect) {
        switch modal {
        case .help(let overlay):
            overlay.render(on: &canvas, in: area)
        case .search(let editor):
            let inner = box(
                on: &canvas, in: area, rows: 1, columns: area.columns,
                title: "Search names, emails, phones, transcripts", bottom: true)
            guard !inner.isEmpty else { return }
            canvas.draw("/", at: inner.origin, width: 1, style: .key)
            editor.render(
                on: &canvas, at: Point(row: inner.top, column: inner.left + 2), width: inner.columns - 2, style: .input,
                focused: true)
        case .form(let modal):
            // The form's rows, every field message in full, then the store's error (or what
            // changed underneath) in full.
            let columns = min(72, max(1, area.columns - 4))
            let message = modal.error ?? modal.changedUnderneath
            let messageLines = message?.wrapped(toWidth: columns) ?? [.empty]
            let rows = modal.form.rows(columns: columns) + messageLines.count
            let inner = box(on: &canvas, in: area, rows: rows, columns: 72, title: modal.form.title)
            guard !inner.isEmpty else { return }
            let formRows = max(1, inner.rows - messageLines.count)
            modal.form.render(
                on: &canvas, in: Rect(row: inner.top, column: inner.left, rows: formRows, columns: inner.columns))
            if message != nil {
                for (offset, line) in messageLines.enumerated() where inner.top + formRows + offset < inner.bottom {
                    canvas.draw(
                        line.truncated(toWidth: inner.columns),
                        at: Point(row: inner.top + formRows + offset, column: inner.left), width: inner.columns,
                        style: modal.error == nil ? .warning : .error)
                }
            }
        case .picker(let modal):
            let rows = min(modal.picker.items.count + 3, max(4, area.rows - 2))
            modal.picker.render(on: &canvas, in: area.centered(Size(rows: rows, columns: min(60, area.columns - 2))))
        case .conflicts(let modal):
            conflict(modal, state: state, on: &canvas, in: area)
        case .merge(let modal):
            merge(modal, on: &canvas, in: area)
        case .fields(let modal):
            let fields = state.detail?.summary.lead.fields ?? []
            let lines =
                fields.isEmpty
                ? [StyledLine("No custom fields; press a to add one", .dim)]
                : fields.enumerated().map { index, field in
                    StyledLine(
                        Sanitizer.line(field.title).padded(toWidth: 16) + Sanitizer.line(field.content),
                        index == modal.index ? .selected : .normal)
                }
            let inner = box(
                on: &canvas, in: area, rows: lines.count + 2, columns: 64,
                title: Sanitizer.line("Custom fields of lead #\(modal.leadID)"))
            canvas.drawLines(
                lines + [StyledLine(.empty), StyledLine("a add · Enter edit · d remove · K/J move · Esc close", .dim)],
                in: inner, offset: 0)
        case .stale(let modal):
            stale(modal, on: &canvas, in: area)
        case .confirmQuit(let dialog):
            dialog.render(on: &canvas, in: area)
        case .confirm(let modal):
            modal.dialog.render(on: &canvas, in: area)
        case .text(let viewer):
            viewer.render(on: &canvas, in: area.inset(by: 1))
        case .contacts(let modal):
            modal.render(state.detail?.summary.lead, on: &canvas, in: area)
        case .notes(let modal):
            modal.render(state.detail?.notes ?? [], zone: state.settings.localTime, on: &canvas, in: area)
        }
    }

    /// Fills and borders a box of at most `rows` x `columns` inside (2 more each way for the
    /// border and margin), centred or at the bottom; returns its inside.
    static func box(
        on canvas: inout some Canvas, in area: Rect, rows: Int, columns: Int, title: DisplayLine, bottom: Bool = false
    ) -> Rect {
        let width = min(columns + 4, area.columns)
        let height = min(rows + 2, area.rows)
        var frame = area.centered(Size(rows: height, columns: width))
        if bottom { frame.origin.row = area.bottom - height }
        guard frame.rows >= 3, frame.columns >= 6 else { return Rect(row: 0, column: 0, rows: 0, columns: 0) }
        canvas.fill(frame, style: .normal)
        canvas.drawBorder(frame, title: title, style: .focusedBorder)
        return Rect(row: frame.top + 1, column: frame.left + 2, rows: frame.rows - 2, columns: frame.columns - 4)
    }

    private static func conflict(
        _ modal: ConflictModal, state: AppState, on canvas: inout some Canvas, in area: Rect
    ) {
        guard modal.items.indices.contains(modal.index) else { return }
        let zone = state.settings.localTime
        let item = modal.items[modal.index]
        let conflict = item.conflict
        var lines: [StyledLine] = []
        if conflict.field == "duplicate" {
            lines.append(StyledLine("The visitor's email and phone point at two leads:", .dim))
            for summary in [item.lead, item.other].compactMap({ $0 }) {
                lines += leadLines(summary, state: state)
            }
            let survivor = item.survivor ?? conflict.leadID
            let absorbed = survivor == conflict.leadID ? (conflict.otherLeadID ?? 0) : conflict.leadID
            lines.append(StyledLine(.empty))
            lines.append(StyledLine("1  leave them as they are (closes the conflict)", .key))
            lines.append(
                StyledLine(
                    Sanitizer.line("2  merge: #\(absorbed) joins #\(survivor), the older, which stays (U undoes)"), .key
                ))
            lines.append(StyledLine("3  keep both leads apart: they are two people", .key))
        } else {
            let normalizer = state.settings.normalizer
            let now = currentValue(conflict.field, item.lead?.lead)
            lines.append(labelled("Field", conflict.field))
            lines.append(labelled("Lead has", now ?? conflict.current))
            if let now, now != conflict.current {
                lines.append(labelled("Was", conflict.current + " (when the conflict opened)"))
            }
            lines.append(labelled("Incoming", conflict.incoming))
            let forms: (String?, String?) =
                switch conflict.field {
                case "phone": (normalizer.phone(now ?? conflict.current), normalizer.phone(conflict.incoming))
                case "email": (normalizer.email(now ?? conflict.current), normalizer.email(conflict.incoming))
                default: (nil, nil)
                }
            if let held = forms.0, let incoming = forms.1 {
                lines.append(
                    labelled(
                        "Matched as", held == incoming ? "\(held) for both" : "\(held) vs \(incoming): different"))
            }
            if let event = item.event {
                lines.append(
                    StyledLine(
                        DisplayLine("From event").padded(toWidth: 12)
                            + Sanitizer.line(
                                "#\(event.id) \(event.eventName)\(event.chatID.map { " chat \($0)" } ?? "") at ")
                            + ConsoleTime.full(event.receivedAt, zone)))
            }
            lines.append(StyledLine(.empty))
            let held = Sanitizer.line(now ?? conflict.current)
            let incoming = Sanitizer.line(conflict.incoming)
            lines.append(StyledLine("1  keep " + held, .key))
            lines.append(StyledLine("2  take " + incoming + " instead", .key))
            if conflict.field == "email" || conflict.field == "phone" {
                lines.append(
                    StyledLine(
                        "3  keep both: " + incoming + " becomes an additional " + Sanitizer.line(conflict.field), .key))
            }
            if ["email", "phone", "name"].contains(conflict.field) {
                lines.append(
                    StyledLine("4  split: someone else, a new lead with that chat (asks first; U undoes)", .key))
            }
        }
        lines.append(
            StyledLine(DisplayLine("Opened").padded(toWidth: 12) + ConsoleTime.full(conflict.createdAt, zone), .dim))
        lines.append(StyledLine(modal.items.count > 1 ? "↑/↓ other conflicts · Esc close" : "Esc close", .dim))
        if let error = modal.error { lines.append(StyledLine(error, .error)) }
        let title = Sanitizer.line("Conflict \(modal.index + 1) of \(modal.items.count) on lead #\(conflict.leadID)")
        let inner = box(on: &canvas, in: area, rows: lines.count, columns: 72, title: title)
        canvas.drawLines(lines, in: inner, offset: 0)
    }

    /// A lead of a duplicate conflict: number, name, age and chats, then its emails and phones.
    private static func leadLines(_ summary: LeadSummary, state: AppState) -> [StyledLine] {
        let lead = summary.lead
        let chats = summary.chats == 1 ? "1 chat" : "\(summary.chats) chats"
        let contacts = (lead.emails.map(\.value) + lead.phones.map(\.value)).joined(separator: " · ")
        return [
            StyledLine(
                Sanitizer.line("#\(lead.id) \(lead.displayName) · \(chats) · created ")
                    + ConsoleTime.full(lead.createdAt, state.settings.localTime), .header),
            StyledLine("   " + Sanitizer.line(contacts.isEmpty ? "no email or phone" : contacts)),
        ]
    }

    /// What lead `lead` holds now for a conflict's `field`.
    private static func currentValue(_ field: String, _ lead: Lead?) -> String? {
        guard let lead else { return nil }
        switch field {
        case "email": return lead.primaryEmail
        case "phone": return lead.primaryPhone
        case "name": return lead.name
        case "description": return lead.description
        case "crm_link": return lead.crmLink ?? ""
        default: return nil
        }
    }

    private static func merge(_ modal: MergeModal, on canvas: inout some Canvas, in area: Rect) {
        let survivor = modal.survivor.id
        let absorbed = modal.absorbed.id
        var lines: [StyledLine] = [
            StyledLine(
                Sanitizer.line(
                    "#\(absorbed) joins #\(survivor): its chats, calls, tasks, notes, emails and phones move over."),
                .dim),
            StyledLine(
                DisplayLine("Field").padded(toWidth: 12)
                    + Sanitizer.line("  Keep from #\(survivor)").padded(toWidth: 30)
                    + Sanitizer.line("  Take from #\(absorbed)"), .header),
        ]
        if modal.rows.isEmpty { lines.append(StyledLine("Name, phone, email, description and crm_link agree.", .dim)) }
        for (index, row) in modal.rows.enumerated() {
            let left =
                (row.takeAbsorbed ? "  " : "● ")
                + Sanitizer.line(row.survivorValue.isEmpty ? "(empty)" : row.survivorValue)
            let right =
                (row.takeAbsorbed ? "● " : "  ")
                + Sanitizer.line(row.absorbedValue.isEmpty ? "(empty)" : row.absorbedValue)
            lines.append(
                StyledLine(
                    Sanitizer.line(row.field.rawValue).padded(toWidth: 12) + left.padded(toWidth: 30) + right,
                    index == modal.index ? .selected : .normal))
        }
        lines.append(StyledLine(.empty))
        lines.append(StyledLine("←/→ switch · Enter merge · Esc cancel (U on the lead undoes a merge)", .key))
        if let error = modal.error { lines.append(StyledLine(error, .error)) }
        let inner = box(
            on: &canvas, in: area, rows: lines.count, columns: 76,
            title: Sanitizer.line("Merge lead #\(absorbed) into #\(survivor)"))
        canvas.drawLines(lines, in: inner, offset: 0)
    }

    private static func stale(_ modal: StaleModal, on canvas: inout some Canvas, in area: Rect) {
        var lines: [StyledLine] = [StyledLine("Someone changed this lead while you were editing:", .warning)]
        let base = modal.base
        let current = modal.current
        let compared: [(StaticString, String, String, String?)] = [
            ("Name", base.name, current.name, modal.edit.name),
            ("Phone", base.primaryPhone, current.primaryPhone, modal.edit.phone),
            ("Email", base.primaryEmail, current.primaryEmail, modal.edit.email),
            ("Description", base.description, current.description, modal.edit.description),
            ("CRM link", base.crmLink ?? "", current.crmLink ?? "", modal.edit.crmLink),
        ]
        for (label, was, now, mine) in compared where was != now || mine != nil {
            lines.append(StyledLine(DisplayLine(label), .header))
            if was != now {
                lines.append(StyledLine("  was  " + Sanitizer.line(was)))
                lines.append(StyledLine("  now  " + Sanitizer.line(now), .warning))
            }
            if let mine { lines.append(StyledLine("  yours " + Sanitizer.line(mine), .title)) }
        }
        if lines.count == 1 {
            lines.append(StyledLine("(other data changed: status, manager, fields or a new chat)", .dim))
        }
        lines.append(StyledLine(.empty))
        lines.append(StyledLine("o overwrite with yours · r reload theirs · Esc back to your form", .key))
        let inner = box(
            on: &canvas, in: area, rows: lines.count, columns: 70,
            title: Sanitizer.line("Lead #\(current.id) changed (v\(base.version) → v\(current.version))"))
        canvas.drawLines(lines, in: inner, offset: 0)
    }
}
