import CRMCore
import CRMStore
import DisplayText

/// The open task queue: overdue first, with lead and assignee.
enum TasksPane {
    static func render(_ state: AppState, on canvas: inout some Canvas, in frame: Rect) {
        canvas.drawBorder(
            frame, title: Sanitizer.line("Tasks: \(state.tasks.count) open, \(state.counts.overdueTasks) overdue"),
            style: .focusedBorder)
        let rect = frame.inset(by: 1)
        guard !rect.isEmpty else { return }
        guard !state.tasks.isEmpty else {
            canvas.drawLines(
                [StyledLine("No open tasks. Offline messages and call-back requests land here.", .dim)], in: rect,
                offset: 0)
            return
        }
        let byID = Dictionary(state.tasks.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for (row, index) in state.taskList.visibleRange.prefix(rect.rows).enumerated() {
            guard let task = byID[state.taskList.ids[index]] else { continue }
            let overdue = task.dueAt < state.now
            let style: Style = index == state.taskList.selection ? .selected : overdue ? .warning : .normal
            canvas.drawFitted(
                line(task, overdue: overdue, width: rect.columns, zone: state.settings.localTime),
                at: Point(row: rect.top + row, column: rect.left),
                width: rect.columns, style: style)
        }
    }

    /// One task: due, kind, lead, assignee, text.
    static func line(_ task: TaskRecord, overdue: Bool, width: Int, zone: LocalTime) -> DisplayLine {
        let due = (overdue ? "LATE " : "due  ") + ConsoleTime.compact(task.dueAt, zone)
        let kind: DisplayLine = task.kind == "call_back" ? "call-back" : "offline  "
        let lead = Sanitizer.line("#\(task.leadID) \(task.leadTitle)").padded(toWidth: max(10, width / 4))
        let assignee = Sanitizer.line(task.assignee?.split(separator: "@").first.map(String.init) ?? "-").padded(
            toWidth: 10)
        return due + " " + kind + " " + lead + " " + assignee + " " + Sanitizer.line(task.text)
    }
}
