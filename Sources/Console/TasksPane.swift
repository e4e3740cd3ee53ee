import CRMCore
import DisplayText

/// The task queue: open tasks overdue first, with the person and assignee; done ones after
/// them when shown.
enum TasksPane {
    static func render(_ state: AppState, on canvas: inout some Canvas, in frame: Rect) {
        canvas.drawBorder(
            frame,
            title: Sanitizer.line(
                "Tasks: \(state.tasks.count { $0.status == "open" }) open, \(state.counts.overdueTasks) overdue"
                    + (state.showDoneTasks ? ", done shown (D hides)" : "")) + state.taskList.unseenTitle,
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
            let overdue = task.status == "open" && task.dueAt < state.now
            let style: Style = index == state.taskList.selection ? .selected : overdue ? .warning : .normal
            canvas.drawFitted(
                line(task, overdue: overdue, width: rect.columns, zone: state.settings.localTime),
                at: Point(row: rect.top + row, column: rect.left),
                width: rect.columns, style: style)
        }
    }

    /// One task: due (or done), kind, the person, assignee, text.
    static func line(_ task: TaskRecord, overdue: Bool, width: Int, zone: LocalTime) -> DisplayLine {
        let due =
            task.status == "done"
            ? "done " + ConsoleTime.compact(task.doneAt ?? task.dueAt, zone)
            : (overdue ? "LATE " : "due  ") + ConsoleTime.compact(task.dueAt, zone)
        let kind: DisplayLine =
            switch task.kind {
            case "call_back": "call-back"
            case "manual": "task     "
            default: "offline  "
            }
        let lead = Sanitizer.line("#\(task.leadID) \(task.person)").padded(toWidth: max(10, width / 4))
        let assignee = Sanitizer.line(task.assignee?.split(separator: "@").first.map(String.init) ?? "-").padded(
            toWidth: 10)
        return due + " " + kind + " " + lead + " " + assignee + " " + Sanitizer.line(task.text)
    }
}
