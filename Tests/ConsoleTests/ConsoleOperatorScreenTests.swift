import CRMCore
import CRMStore
@testable import Console
import DisplayText
import JivoProtocol
import Testing

/// Golden screens of the contacts and notes dialogs, the task form and the task queue with
/// done tasks, at 80x24 and 160x48.
@Suite struct ConsoleOperatorScreenTests {
    private func expectScreens(_ app: ConsoleApp, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for size in [Size(rows: 24, columns: 80), Size(rows: 48, columns: 160)] {
            GoldenFile.expectMatch(
                app.screen(size), "\(name)-\(size.columns)x\(size.rows)", sourceLocation: sourceLocation)
        }
    }

    @Test func contactsDialog() throws {
        let world = try ConsoleWorld.populated()
        let id = try world.leadID(named: "Иван Петров")
        try world.store.changeContacts(id, .email, .add("ivan@work.example"), actor: "alice")
        try world.store.changeContacts(id, .phone, .add("+7 916 000-11-22"), actor: "alice")
        let app = world.app()
        app.press(.character("C"), .character("j"))
        expectScreens(app, "console-contacts")
    }

    @Test func notesDialog() throws {
        let world = try ConsoleWorld.populated()
        let id = try world.leadID(named: "Иван Петров")
        try world.store.addNote(id, text: "called, no answer", actor: "alice")
        try world.store.addNote(id, text: "\u{1b}[2Jwill call back 😀", actor: "bob")
        let app = world.app()
        app.press(.character("I"))
        expectScreens(app, "console-notes")
    }

    @Test func taskFormAndTheQueueWithDoneTasks() throws {
        let world = try ConsoleWorld.populated()
        let app = world.app()
        app.press(.character("T"))
        app.type("Send the price list")
        expectScreens(app, "console-task-form")
        let task = try #require(try world.store.tasks(openOnly: true).first)
        try world.store.completeTask(task.id, actor: "alice")
        app.press(.escape, .character("t"), .character("D"))
        expectScreens(app, "console-tasks-done")
    }
}

/// What the timeline calls each kind of task.
@Suite struct TimelineTaskKindTests {
    @Test func aTaskAnOperatorAddedIsATaskNotAnOfflineMessage() throws {
        let world = try ConsoleWorld.populated()
        let id = try world.leadID(named: "plain ascii")
        _ = try world.store.addTask(
            lead: id, title: "Send the price list", dueAt: ConsoleWorld.now + 3_600_000, manager: nil, actor: "alice")
        let app = world.app(size: Size(rows: 24, columns: 120))
        app.jump(to: id)
        let screen = app.screen(Size(rows: 24, columns: 120)).text
        #expect(screen.contains("Task (due "), "\(screen)")
        #expect(!screen.contains("Offline message (due "), "\(screen)")
    }

    @Test func aTaskCannotBeDueInThePast() throws {
        let world = try ConsoleWorld.populated()
        let before = try world.store.tasks(openOnly: false).count
        let app = world.app(size: Size(rows: 24, columns: 120))
        app.press(.character("T"))
        app.type("Send the price list")
        app.press(.tab, .control("u"))
        app.type("2020-01-01 10:00")
        app.press(.enter)
        guard case .form(let modal)? = app.state.modals.last else {
            Issue.record("the form closed on a due date in the past")
            return
        }
        #expect(modal.form.fields[1].message?.string.contains("in the past") == true)
        #expect(try world.store.tasks(openOnly: false).count == before)
    }

    @Test func aDueTimeThatPassedWhileTheFormWasOpenIsRefusedAtTheSave() throws {
        let world = try ConsoleWorld.populated()
        let before = try world.store.tasks(openOnly: false).count
        let app = world.app(size: Size(rows: 24, columns: 120))
        app.press(.character("T"))
        app.type("Call back")
        app.press(.tab, .control("u"))
        // Due half an hour after the form opened; an hour passes before the save.
        let opened = ConsoleWorld.now
        app.type(world.store.settings.localTime.short(milliseconds: opened + 1_800_000))
        world.store.clock = { opened + 3_600_000 }
        app.send(.tick)
        app.press(.enter)
        guard case .form(let modal)? = app.state.modals.last else {
            Issue.record("the form closed on a due time that has passed")
            return
        }
        #expect(modal.error?.string == "That due time has passed; give a later time or a delay (2h, 1d)")
        #expect(try world.store.tasks(openOnly: false).count == before)
    }
}

/// A chat's header gives its span; an end on another day than the start has its date.
@Suite struct ChatHeaderSpanTests {
    private static func chat(startedAt: Int64, finishedAt: Int64?) -> ChatRecord {
        ChatRecord(
            id: 1, chatID: "7", widgetID: "w", startedAt: startedAt, finishedAt: finishedAt, rate: nil,
            blacklisted: nil,
            invitation: nil, plainMessages: nil, agents: [], messages: [], unread: false)
    }

    @Test func sameDayEndsWithItsClock() {
        // 2023-11-14 22:13 to 22:40 UTC.
        let header = Timeline.chatHeader(
            Self.chat(startedAt: 1_700_000_000_000, finishedAt: 1_700_001_620_000), zone: .utc)
        #expect(header.string.hasPrefix("2023-11-14 22:13–22:40 Chat #7"), "\(header.string)")
    }

    @Test func anotherDayIsNamed() {
        let later = Timeline.chatHeader(
            Self.chat(startedAt: 1_700_000_000_000, finishedAt: 1_700_013_300_000), zone: .utc)
        #expect(later.string.hasPrefix("2023-11-14 22:13–2023-11-15 01:55 Chat #7"), "\(later.string)")
        let earlier = Timeline.chatHeader(
            Self.chat(startedAt: 1_700_000_000_000, finishedAt: 1_668_000_000_000), zone: .utc)
        #expect(earlier.string.hasPrefix("2023-11-14 22:13–2022-11-09 13:20 Chat #7"), "\(earlier.string)")
    }
}

/// Who wrote each message of a chat, and when, as the timeline shows it.
@Suite struct TimelineMessageAuthorTests {
    /// The timeline rows, 60 columns wide, of a lead with one chat of `messages` with Tom,
    /// which `agents` took.
    private static func rows(_ messages: [ChatMessage], agents: [Agent]) -> [String] {
        let chat = ChatRecord(
            id: 1, chatID: "7", widgetID: "w", startedAt: 1_700_000_000_000, finishedAt: nil, rate: nil,
            blacklisted: nil, invitation: nil, plainMessages: nil, agents: agents, messages: messages, unread: false,
            visitorName: "Tom")
        let detail = LeadDetail(
            summary: LeadSummary(
                lead: Lead(id: 1, title: "JivoChat #7 - Tom", createdAt: 0), openConflicts: 0, openTasks: 0, chats: 1,
                unreadChats: 0),
            chats: [chat], calls: [], tasks: [], conflicts: [], notes: [], audit: [], mergedInto: nil)
        return Timeline.lines(detail, width: 60, zone: .utc).map(\.text.string)
    }

    @Test("a run of blank lines in a message takes one row, and blank lines around it none")
    func blankLinesAreOne() {
        let message = ChatMessage(
            timestamp: 1_700_000_060, type: "visitor", agentID: nil, text: "\n\nhello\n\n\n\n\n\nworld\n\n\n")
        let rows = Self.rows([message], agents: [])
        #expect(rows.dropFirst(2) == ["    hello", "    ", "    world"], "\(rows)")
    }

    @Test("a system message and one with no type are named by their type, a message with no time shows none")
    func messagesAreNamedByTheirTypeAndUntimedOnesShowNoTime() {
        let messages = [
            ChatMessage(timestamp: 1_700_000_060, type: "visitor", agentID: nil, text: "hello"),
            ChatMessage(timestamp: 1_700_000_120, type: "agent", agentID: "5", text: "hi there"),
            ChatMessage(timestamp: 1_700_000_180, type: "system", agentID: nil, text: "chat transferred"),
            ChatMessage(timestamp: nil, type: "unknown", agentID: nil, text: "no time"),
        ]
        let rows = Self.rows(messages, agents: [Agent(id: "5", name: "Anna", email: nil)])
        #expect(
            rows.filter { $0.hasPrefix("  ") && !$0.hasPrefix("    ") } == [
                "  --:-- unknown", "  22:16 system", "  22:15 Anna", "  22:14 Tom",
            ], "\(rows)")
    }
}
