import CRMCore
import CRMStore
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
            let rows = modal.form.fields.count * 2 + 1
            let inner = box(on: &canvas, in: area, rows: rows, columns: 72, title: modal.form.title)
            guard !inner.isEmpty else { return }
            modal.form.render(
                on: &canvas, in: Rect(row: inner.top, column: inner.left, rows: inner.rows - 1, columns: inner.columns))
            if let error = modal.error {
                canvas.draw(
                    error.truncated(toWidth: inner.columns), at: Point(row: inner.bottom - 1, column: inner.left),
                    width: inner.columns, style: .error)
            }
        case .picker(let modal):
            let rows = min(modal.picker.items.count + 3, max(4, area.rows - 2))
            modal.picker.render(on: &canvas, in: area.centered(Size(rows: rows, columns: min(60, area.columns - 2))))
        case .conflicts(let modal):
            conflict(modal, on: &canvas, in: area)
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

    private static func conflict(_ modal: ConflictModal, on canvas: inout some Canvas, in area: Rect) {
        guard modal.items.indices.contains(modal.index) else { return }
        let item = modal.items[modal.index]
        let conflict = item.conflict
        var lines: [StyledLine] = [
            labelled("Field", conflict.field),
            labelled("Current", conflict.current),
            labelled("Incoming", conflict.incoming),
        ]
        if let other = conflict.otherLeadID { lines.append(labelled("Other lead", "#\(other)")) }
        if let event = item.event {
            lines.append(
                StyledLine(
                    DisplayLine("From event").padded(toWidth: 12)
                        + Sanitizer.line(
                            "#\(event.id) \(event.eventName)\(event.chatID.map { " chat \($0)" } ?? "") at ")
                        + ConsoleTime.full(event.receivedAt)))
        } else {
            lines.append(labelled("From event", conflict.eventID.map { "#\($0)" } ?? "unknown"))
        }
        lines.append(StyledLine(DisplayLine("Opened").padded(toWidth: 12) + ConsoleTime.full(conflict.createdAt)))
        lines.append(StyledLine(.empty))
        lines.append(StyledLine("1 keep current · 2 take incoming · 3 keep both · 4 split", .key))
        lines.append(StyledLine(modal.items.count > 1 ? "↑/↓ other conflicts · Esc close" : "Esc close", .dim))
        if let error = modal.error { lines.append(StyledLine(error, .error)) }
        let title = Sanitizer.line("Conflict \(modal.index + 1) of \(modal.items.count) on lead #\(conflict.leadID)")
        let inner = box(on: &canvas, in: area, rows: lines.count, columns: 72, title: title)
        canvas.drawLines(lines, in: inner, offset: 0)
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
        lines.append(StyledLine("←/→ switch · Enter merge · Esc cancel (merge cannot be undone yet)", .key))
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
