import DisplayText

extension AppState {
    /// Draws the whole screen: panes (or the task queue), status rows, then dialogs on top.
    public func render(on canvas: inout some Canvas) {
        let size = canvas.size
        var state = self
        state.size = size
        state.clampPages()
        let layout = state.layout
        if screen == .tasks {
            let body = Rect(row: 0, column: 0, rows: layout.status.top, columns: size.columns)
            TasksPane.render(state, on: &canvas, in: body)
        } else if screen == .events {
            let body = Rect(row: 0, column: 0, rows: layout.status.top, columns: size.columns)
            EventsPane.render(state, on: &canvas, in: body)
        } else {
            layout.drawFrames(
                on: &canvas,
                titles: [.list: LeadsPane.title(state), .card: LeadCard.title(state), .timeline: "Timeline"],
                focus: focus)
            if let rect = layout.content(of: .list) {
                LeadsPane.render(state, on: &canvas, in: rect, focused: focus == .list)
            }
            if let rect = layout.content(of: .card) {
                LeadCard.render(state, on: &canvas, in: rect)
            }
            if let rect = layout.content(of: .timeline) {
                Timeline.render(state, on: &canvas, in: rect)
            }
        }
        StatusBar.render(state, on: &canvas, in: layout.status)
        let area = Rect(row: 0, column: 0, rows: layout.status.top, columns: size.columns)
        canvas.placeCursor(at: nil)
        for modal in modals {
            ModalView.render(modal, state: state, on: &canvas, in: area)
        }
    }
}
