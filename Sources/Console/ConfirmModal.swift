/// A question and the store work a yes starts.
public struct ConfirmModal: Sendable {
    /// The question.
    public var dialog: ConfirmDialog
    /// What a yes does.
    public var effect: Effect

    /// Draws the question over `area`.
    func render(on canvas: inout some Canvas, in area: Rect) {
        dialog.render(on: &canvas, in: area)
    }
}

extension AppState {
    /// A key in a yes/no question before an operation.
    mutating func confirmKey(_ key: Key, _ modal: ConfirmModal) -> [Effect] {
        var modal = modal
        switch modal.dialog.handle(key) {
        case .pending:
            modals[modals.count - 1] = .confirm(modal)
            return []
        case .confirmed:
            modals.removeLast()
            // Marked leads that left the view while the question was up
            // (``confirmBulk(_:question:seen:)`` asks about the marked leads) are not changed.
            if case .bulk(let change, let ids, let seen, _) = modal.effect {
                let kept = ids.filter(marked.contains)
                guard !kept.isEmpty else {
                    notice = Notice(
                        text: "The marked leads left this view meanwhile; nothing was changed", style: .warning)
                    return []
                }
                return [.bulk(change, leads: kept, seen: seen, unmarked: ids.filter { !marked.contains($0) })]
            }
            return [modal.effect]
        case .declined:
            modals.removeLast()
            return []
        }
    }
}
