import CRMCore
@testable import CRMStore
import Console
import Testing

/// Clicks and the wheel, mapped through the layout to focus, selection and scrolling.
@Suite struct MouseTests {
    /// 30 leads at 80x24: the list pane is columns 0-31 with two rows per lead from row 1.
    private static func state(leads: Int = 30) -> AppState {
        var state = AppState(size: Size(rows: 24, columns: 80), operatorName: "alice", now: 0)
        let page = (1...Int64(leads)).reversed().map { id in
            var lead = Lead(id: id, title: "Lead \(id)", createdAt: id)
            lead.name = "Visitor \(id)"
            lead.lastActivityAt = id * 1000
            return LeadSummary(lead: lead, openConflicts: 0, openTasks: 0, chats: 1, unreadChats: 0)
        }
        _ = state.update(.leadsLoaded(page, append: false, filter: LeadFilter(limit: 100)))
        return state
    }

    @Test func aClickOnALeadRowSelectsItAndOpensItInTheCard() {
        var state = Self.state()
        state.focus = .timeline
        #expect(state.list.selectedID == 30)
        // Rows 1-2 are the first lead, 3-4 the second, 5-6 the third.
        let effects = state.update(.mouse(MouseEvent(.press, at: Point(row: 6, column: 10))))
        #expect(state.focus == .list)
        #expect(state.list.selectedID == 28)
        #expect(state.openLeadID == 28)
        #expect(effects == [.loadDetail(28, markRead: false)])
    }

    @Test func aClickOnTheBorderOrBelowTheLastLeadFocusesWithoutSelecting() {
        var state = Self.state(leads: 2)
        state.focus = .card
        _ = state.update(.mouse(MouseEvent(.press, at: Point(row: 0, column: 10))))
        #expect(state.focus == .list)
        #expect(state.list.selectedID == 2)
        _ = state.update(.mouse(MouseEvent(.press, at: Point(row: 15, column: 10))))
        #expect(state.list.selectedID == 2)
    }

    @Test func aClickOnAPaneFocusesIt() throws {
        var state = Self.state()
        let layout = state.layout
        let card = try #require(layout.frames[.card])
        let timeline = try #require(layout.frames[.timeline])
        _ = state.update(.mouse(MouseEvent(.press, at: Point(row: card.top + 1, column: card.left + 3))))
        #expect(state.focus == .card)
        _ = state.update(.mouse(MouseEvent(.press, at: Point(row: timeline.top + 2, column: timeline.left + 3))))
        #expect(state.focus == .timeline)
        #expect(state.list.selectedID == 30, "a click on another pane leaves the selection")
    }

    @Test func theWheelScrollsThePaneUnderThePointerAndKeepsTheFocus() {
        var state = Self.state()
        state.focus = .card
        let down = MouseEvent(.wheelDown, at: Point(row: 10, column: 5))
        _ = state.update(.mouse(down))
        _ = state.update(.mouse(down))
        #expect(state.list.selectedID == 28)
        #expect(state.openLeadID == 28)
        #expect(state.focus == .card)
        _ = state.update(.mouse(MouseEvent(.wheelUp, at: Point(row: 10, column: 5))))
        #expect(state.list.selectedID == 29)
    }

    @Test func theMouseDoesNothingWithADialogOpenOrOnTheStatusLine() {
        var state = Self.state()
        _ = state.update(.key(.character("?")))
        _ = state.update(.mouse(MouseEvent(.press, at: Point(row: 6, column: 10))))
        #expect(state.list.selectedID == 30)
        _ = state.update(.key(.escape))
        state.focus = .card
        _ = state.update(.mouse(MouseEvent(.press, at: Point(row: 23, column: 10))))
        #expect(state.focus == .card)
    }

    @Test func onTheTaskQueueAClickSelectsATask() {
        var state = Self.state()
        _ = state.update(.key(.character("t")))
        let tasks = (1...5).map { id in
            TaskRecord(
                id: Int64(id), leadID: Int64(id), leadTitle: "Lead \(id)", kind: "offline_message", text: "call",
                assignee: nil, dueAt: 10, status: "open", createdAt: 1, doneAt: nil)
        }
        _ = state.update(.tasksLoaded(tasks))
        _ = state.update(.mouse(MouseEvent(.press, at: Point(row: 3, column: 20))))
        #expect(state.taskList.selectedID == 3)
        _ = state.update(.mouse(MouseEvent(.wheelDown, at: Point(row: 3, column: 20))))
        #expect(state.taskList.selectedID == 4)
    }

    @Test func theWheelScrollsTheCardOfAnOpenLead() throws {
        let world = try ConsoleWorld.populated()
        let app = world.app(size: Size(rows: 24, columns: 80))
        let id = try world.leadID(named: "Иван Петров")
        app.send(.command(.goToLead))
        app.type(String(id))
        app.press(.enter)
        #expect(app.state.openLeadID == id)
        app.press(.escape)
        let card = try #require(app.state.layout.frames[.card])
        app.send(.mouse(MouseEvent(.wheelDown, at: Point(row: card.top + 2, column: card.left + 2))))
        #expect(app.state.cardOffset == AppState.wheelRows)
        #expect(app.state.focus == .list)
    }
}
