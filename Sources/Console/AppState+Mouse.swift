extension AppState {
    /// Rows one wheel notch scrolls the card or the timeline (the lead list moves its
    /// selection one row, as `j`/`k` do).
    public static let wheelRows = 3

    /// A click or a wheel turn, mapped through the layout: a click focuses the pane under the
    /// pointer and, on a lead or task row, selects it (the card follows); the wheel scrolls the
    /// pane under the pointer without moving the focus. Ignored while a dialog is open.
    mutating func mouse(_ event: MouseEvent) -> [Effect] {
        guard modals.isEmpty else { return [] }
        if screen == .tasks { return tasksMouse(event) }
        let layout = layout
        guard let pane = Pane.allCases.first(where: { layout.frames[$0]?.contains(event.point) == true }) else {
            return []
        }
        switch event.action {
        case .press:
            if focus != pane {
                focus = pane
                clampPages()
            }
            guard pane == .list, let content = layout.content(of: .list), content.contains(event.point) else {
                return []
            }
            let index = list.offset + (event.point.row - content.top) / LeadsPane.rowsPerLead(width: content.columns)
            guard list.visibleRange.contains(index) else { return [] }
            list.select(id: list.ids[index])
            return listMoved()
        case .wheelUp, .wheelDown:
            let motion: ListMotion = event.action == .wheelUp ? .up : .down
            let focused = focus
            focus = pane
            defer { focus = focused }
            var effects: [Effect] = []
            for _ in 0..<(pane == .list ? 1 : Self.wheelRows) { effects += move(motion) }
            return effects
        }
    }

    /// The mouse on the task queue: a click selects a task, the wheel moves the selection.
    private mutating func tasksMouse(_ event: MouseEvent) -> [Effect] {
        let content = Rect(row: 0, column: 0, rows: layout.status.top, columns: size.columns).inset(by: 1)
        guard content.contains(event.point) else { return [] }
        switch event.action {
        case .press:
            let index = taskList.offset + event.point.row - content.top
            if taskList.visibleRange.contains(index) { taskList.select(id: taskList.ids[index]) }
        case .wheelUp: taskList.apply(.up)
        case .wheelDown: taskList.apply(.down)
        }
        return []
    }
}
