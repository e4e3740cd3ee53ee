import CRMCore
import Testing

@testable import Console

/// The Mine view of an operator who is no manager says how to become one, instead of looking
/// like an empty list.
@Suite struct MineViewHintTests {
    @Test func mineWithoutAMatchingManagerSaysHowToSetOperator() {
        var state = AppState(size: Size(rows: 24, columns: 80), operatorName: "root", now: 0)
        state.query.tab = .mine
        let text = LeadsPane.emptyView(state).map(\.text.string).joined(separator: "\n")
        #expect(text.contains("\"root\""), "\(text)")
        #expect(text.contains("operator = "), "\(text)")
        state.operatorLogin = "anna@example.com"
        #expect(
            LeadsPane.emptyView(state).map(\.text.string) == [
                "No leads in this view.", "Keys 1-5 switch views; Esc clears filters.",
            ])
    }
}
