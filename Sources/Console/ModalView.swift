import CRMCore
import DisplayText

/// Draws dialogs centred over the panes.
enum ModalView {
    static func render(_ modal: Modal, state: AppState, on canvas: inout some Canvas, in area: Rect) {
        switch modal {
        case .help(let overlay):
            overlay.render(on: &canvas, in: area)
        case .search(let modal):
            modal.render(on: &canvas, in: area)
        case .form(let modal):
            modal.render(on: &canvas, in: area)
        case .picker(let modal):
            modal.render(on: &canvas, in: area)
        case .conflicts(let modal):
            modal.render(state: state, on: &canvas, in: area)
        case .merge(let modal):
            modal.render(on: &canvas, in: area)
        case .fields(let modal):
            modal.render(state.detail?.summary.lead.fields ?? [], on: &canvas, in: area)
        case .stale(let modal):
            modal.render(on: &canvas, in: area)
        case .confirmQuit(let dialog):
            dialog.render(on: &canvas, in: area)
        case .confirm(let modal):
            modal.render(on: &canvas, in: area)
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

}
