import CRMCore
import CRMStore
import Console
import DisplayText
import JivoProtocol
import TestSupport
import Testing

/// The console acts on what the operator sees: the highlighted row, the lead on the card and the
/// target of the next command are one lead (or none), after every key and every change that
/// arrives. The reported cases first, then random key sequences over a real store.
@Suite struct SelectionInvariantTests {
    /// The invariant, with what broke it.
    private static func expectInvariant(
        _ app: ConsoleApp, _ step: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let state = app.state
        #expect(
            state.list.selectedID == state.openLeadID,
            "after \(step): highlight \(String(describing: state.list.selectedID)) but target \(String(describing: state.openLeadID))",
            sourceLocation: sourceLocation)
        #expect(
            state.detail?.summary.lead.id == state.openLeadID,
            "after \(step): card \(String(describing: state.detail?.summary.lead.id)) but target \(String(describing: state.openLeadID))",
            sourceLocation: sourceLocation)
        if let selection = state.list.selection {
            #expect(state.list.visibleRange.contains(selection), "after \(step): the highlight is off screen")
        }
    }

    private static func status(_ world: ConsoleWorld, _ id: Int64) throws -> LeadStatus? {
        try world.store.lead(id)?.status
    }

    @Test(arguments: StoreEngine.allCases)
    func acceptingMovesCardAndTargetToTheNextRow(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let app = world.app(view: .unsorted)
        let accepted = try #require(app.state.list.selectedID)
        app.press(.character("s"), .enter)
        #expect(try Self.status(world, accepted) == .open)
        let next = try #require(app.state.list.selectedID)
        #expect(next != accepted)
        Self.expectInvariant(app, "accept")
        app.press(.character("s"), .character("j"), .enter)
        #expect(try Self.status(world, accepted) == .open, "the accepted lead was declined")
        #expect(try Self.status(world, next) == .spam)
        Self.expectInvariant(app, "decline")
    }

    @Test func switchingViewsAndSearchingKeepTheCardOnTheHighlight() throws {
        let world = try ConsoleWorld.populated()
        let app = world.app(view: .all)
        app.press(.character("G"))
        for view in ["1", "2", "3", "4", "5", "3"] {
            app.press(.character(Character(view)))
            Self.expectInvariant(app, "view \(view)")
        }
        app.press(.character("/"))
        app.type("García")
        app.press(.enter)
        Self.expectInvariant(app, "search")
        #expect(app.state.detail?.summary.lead.name == "Ana 😀 García")
        app.press(.escape)
        Self.expectInvariant(app, "clear search")
    }

    @Test func anEmptyViewTargetsNoLead() throws {
        let world = try ConsoleWorld.populated()
        var state = AppState(
            size: Size(rows: 24, columns: 80), operatorName: "nobody", now: ConsoleWorld.now,
            settings: world.store.settings)
        state.query.tab = .all
        let app = ConsoleApp(store: world.store, state: state)
        #expect(app.state.openLeadID != nil)
        app.press(.character("5"))
        #expect(app.state.leads.isEmpty)
        Self.expectInvariant(app, "empty Mine")
        #expect(app.state.openLeadID == nil)
        app.press(.character("e"))
        #expect(app.state.modals.isEmpty, "a form opened on a lead that is not in the view")
        #expect(app.state.notice?.text.string == "Select a lead first")
    }

    @Test(arguments: StoreEngine.allCases)
    func resolvingTheLastConflictInTheConflictsViewMovesOn(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let app = world.app(view: .conflicts)
        let conflicted = try world.leadID(named: "Иван Петров")
        #expect(app.state.list.selectedID == conflicted)
        app.press(.character("c"), .character("1"))
        #expect(app.state.leads.allSatisfy { $0.lead.id != conflicted })
        Self.expectInvariant(app, "resolve")
        #expect(app.state.openLeadID == nil)
    }

    @Test(arguments: StoreEngine.allCases)
    func searchSpansEveryLeadWhateverTheView(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let id = try world.leadID(named: "plain ascii")
        try world.store.setStatus(id, .open, actor: "test")
        let app = world.app(view: .unsorted)
        #expect(app.state.leads.allSatisfy { $0.lead.id != id })
        app.press(.character("/"))
        app.type("plain")
        app.press(.enter)
        #expect(app.state.leads.map(\.lead.id) == [id])
        Self.expectInvariant(app, "search from Unsorted")
        app.press(.escape)
        #expect(app.state.query.tab == .unsorted)
        #expect(app.state.leads.allSatisfy { $0.lead.id != id })
    }

    @Test func hashOrColonAndANumberJumpsToThatLead() throws {
        let world = try ConsoleWorld.populated()
        let id = try world.leadID(named: "王小明")
        let app = world.app(view: .unsorted)
        app.press(.character("#"))
        app.type("\(id)")
        app.press(.enter)
        #expect(app.state.leads.map(\.lead.id) == [id])
        Self.expectInvariant(app, "#\(id)")
        app.press(.escape)
        app.press(.character("/"))
        app.type(":\(id)")
        app.press(.enter)
        #expect(app.state.openLeadID == id)
        app.press(.escape, .character("/"))
        app.type("#999999")
        app.press(.enter)
        #expect(app.state.leads.isEmpty)
        Self.expectInvariant(app, "#999999")
        let screen = app.screen(Size(rows: 24, columns: 80)).text
        #expect(screen.contains("No lead matches \"#999999\""))
    }

    @Test func leadsArrivingAboveTheVisibleRowsAreAnnouncedUntilSeen() throws {
        let world = try ConsoleWorld.populated()
        for chat in 200..<230 {
            try world.visitor("Earlier \(chat)", chat: chat, phone: nil, email: "e\(chat)@example.com", offset: 60)
        }
        let app = world.app(view: .all)
        #expect(app.state.list.selection == 0)
        for chat in 300..<303 {
            let created = try world.visitor(
                "Arrival \(chat)", chat: chat, phone: nil, email: "a\(chat)@example.com", offset: 70)
            app.send(.changes([ChangeNote(eventName: "chat_accepted", leadID: created.leadID, created: true)]))
        }
        #expect(app.state.list.unseenAbove.count == 3)
        #expect(app.screen(Size(rows: 24, columns: 80)).text.contains("3 new ↑"))
        Self.expectInvariant(app, "arrivals")
        app.press(.character("g"))
        #expect(app.state.list.unseenAbove.isEmpty)
        #expect(!app.screen(Size(rows: 24, columns: 80)).text.contains("new ↑"))
    }

    @Test func leavingASearchAnnouncesNoArrivals() throws {
        let world = try ConsoleWorld.populated()
        for chat in 200..<230 {
            try world.visitor("Earlier \(chat)", chat: chat, phone: nil, email: "e\(chat)@example.com", offset: 60)
        }
        let app = world.app(view: .all)
        let oldest = try world.leadID(named: "plain ascii")
        app.press(.character("/"))
        app.type("plain ascii")
        app.press(.enter)
        #expect(app.state.list.ids == [oldest])
        app.press(.escape)
        // The view's leads above the hit were there all along: none arrived.
        #expect(app.state.query.search == nil)
        #expect(app.state.list.ids.count > 30)
        #expect(app.state.list.unseenAbove.isEmpty)
        #expect(!app.screen(Size(rows: 24, columns: 80)).text.contains("new ↑"))
    }

    @Test(arguments: StoreEngine.allCases)
    func enterClearsTheUnreadMarkerAtOnce(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let app = world.app(view: .all)
        let id = try world.leadID(named: "Иван Петров")
        app.press(.character("g"))
        for _ in 0..<20 where app.state.list.selectedID != id { app.press(.character("j")) }
        #expect(app.state.leads.first { $0.lead.id == id }?.unreadChats ?? 0 > 0)
        app.press(.enter)
        #expect(app.state.leads.first { $0.lead.id == id }?.unreadChats == 0)
    }

    @Test func choosersMoveWithListKeysAndFilterAfterSlash() throws {
        let items = ["Anna", "Boris", "Joanna", "Kim"].enumerated().map {
            Picker.Item(id: $0.offset, label: Sanitizer.line($0.element))
        }
        var picker = Picker(title: "Manager", items: items, pageSize: 5)
        _ = picker.handle(.character("j"))
        _ = picker.handle(.character("j"))
        #expect(picker.list.selectedID == 2)
        #expect(picker.filter.text.isEmpty)
        _ = picker.handle(.end)
        #expect(picker.list.selectedID == 3)
        _ = picker.handle(.home)
        #expect(picker.list.selectedID == 0)
        _ = picker.handle(.character("G"))
        #expect(picker.list.selectedID == 3)
        _ = picker.handle(.character("/"))
        _ = picker.handle(.character("j"))
        #expect(picker.matches.map(\.id) == [2])
        #expect(picker.handle(.enter) == .chosen(2))
        var typed = Picker(title: "Manager", items: items, pageSize: 5)
        for key in "bor" { _ = typed.handle(.character(key)) }
        #expect(typed.matches.map(\.id) == [1], "a letter that is no list key starts the filter")
        _ = typed.handle(.backspace)
        _ = typed.handle(.backspace)
        _ = typed.handle(.backspace)
        _ = typed.handle(.character("k"))
        #expect(typed.matches.map(\.id) == [3], "while filtering, j and k type")
        #expect(typed.handle(.escape) == .cancelled)
    }

    @Test func helpScrollsWithListKeysAndGDoesNotCloseIt() throws {
        let world = try ConsoleWorld.populated()
        let app = world.app(view: .all)
        app.press(.character("?"))
        app.press(.character("G"))
        guard case .help(let overlay)? = app.state.modals.last else {
            Issue.record("G closed the help")
            return
        }
        #expect(overlay.offset > 0)
        app.press(.character("g"))
        guard case .help(let top)? = app.state.modals.last else {
            Issue.record("g closed the help")
            return
        }
        #expect(top.offset == 0)
        app.press(.escape)
        #expect(app.state.modals.isEmpty)
    }

    /// Thousands of random keys, webhooks and other operators' changes over a real store; the
    /// invariant is checked after every step, and every triage goes to the lead highlighted when
    /// its key was pressed.
    @Test(arguments: StoreEngine.allCases, [UInt64(1), 2, 3, 4, 5, 6, 7, 8])
    func randomSessionsKeepHighlightCardAndTargetTogether(engine: StoreEngine, seed: UInt64) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let other = try Store(path: world.address)
        other.clock = { ConsoleWorld.now }
        let app = world.app(view: .unsorted)
        var random = SplitMix64(seed: seed)
        var chat = 1000
        let plainKeys: [Key] = [
            .character("j"), .character("k"), .character("g"), .character("G"), .pageDown, .pageUp,
            .character("1"), .character("2"), .character("3"), .character("4"), .character("5"),
            .character("v"), .enter, .escape, .tab, .character("t"), .character("n"),
        ]
        for step in 0..<750 {
            let label: String
            switch random.below(12) {
            case 0..<5:
                let key = plainKeys[random.below(plainKeys.count)]
                app.press(key)
                label = "key \(key)"
            case 5:
                chat += 1
                let known = try world.store.leads(LeadFilter(limit: 50))
                let phone: String? =
                    random.below(3) == 0 && !known.isEmpty
                    ? known[random.below(known.count)].lead.primaryPhone : "+1408555\(chat)"
                let email = random.below(2) == 0 ? "v\(chat)@example.com" : nil
                let result = try world.visitor(
                    "Visitor \(chat)", chat: chat, phone: phone, email: email, offset: 100 + Int64(step))
                app.send(
                    .changes([
                        ChangeNote(eventName: "chat_accepted", leadID: result.leadID, created: result.created)
                    ]))
                label = "webhook \(chat)"
            case 6:
                let known = try other.leads(LeadFilter(limit: 50))
                guard !known.isEmpty else { continue }
                let id = known[random.below(known.count)].lead.id
                let statuses: [LeadStatus] = [.unsorted, .open, .spam, .qualified]
                try other.setStatus(id, statuses[random.below(statuses.count)], actor: "bob")
                app.send(.changes([]))
                label = "another operator changed #\(id)"
            case 7:
                guard app.state.modals.isEmpty, app.state.screen == .leads,
                    let target = app.state.list.selectedID
                else { continue }
                let choice = random.below(2)
                app.press(.character("s"))
                for _ in 0..<choice { app.press(.character("j")) }
                app.press(.enter)
                let expected: LeadStatus = choice == 0 ? .open : .spam
                #expect(try Self.status(world, target) == expected, "step \(step): triage missed #\(target)")
                app.press(.escape)
                label = "triage #\(target)"
            case 8:
                guard app.state.modals.isEmpty, app.state.screen == .leads else { continue }
                app.press(.character("/"))
                let queries = ["Visitor", "García", "ivan", "#3", "+1408", "nothing-at-all"]
                app.type(queries[random.below(queries.count)])
                app.press(.enter)
                label = "search"
            case 9:
                guard app.state.modals.isEmpty, app.state.screen == .leads else { continue }
                app.press(.character("c"))
                let keys: [Key] = [.character("1"), .character("2"), .character("3"), .escape]
                app.press(keys[random.below(keys.count)])
                app.press(.escape)
                label = "conflicts"
            case 10:
                guard app.state.modals.isEmpty, app.state.screen == .leads, let target = app.state.openLeadID
                else { continue }
                app.press(.character("e"))
                guard case .form(let form)? = app.state.modals.last, case .contact(let base) = form.purpose else {
                    Issue.record("step \(step): e opened no contact form on #\(target)")
                    continue
                }
                #expect(base.id == target, "step \(step): the form edits #\(base.id), the highlight is #\(target)")
                app.press(.escape)
                label = "edit form"
            default:
                guard app.state.modals.isEmpty, app.state.screen == .leads else { continue }
                switch random.below(3) {
                case 0: app.press(.character("m"), .enter, .enter)
                case 1: app.press(.character("U"), .character("y"))
                default: app.press(.character("m"), .escape)
                }
                app.press(.escape)
                label = "merge or unmerge"
            }
            if app.state.screen == .leads { Self.expectInvariant(app, "step \(step): \(label)") }
        }
        let merges = try world.store.database.scalar("SELECT count(*) FROM merges") ?? 0
        #expect(merges > 0, "the sequence merged no leads")
    }
}

/// Sorting, the list filters and saved views in the console.
@Suite struct ListOrderAndFilterTests {
    @Test func sortFilterAndSavedViewsShowInTheTitleAndCombine() throws {
        let world = try ConsoleWorld.populated()
        let bob = try world.leadID(named: "王小明")
        try world.store.assign(bob, login: "bob@example.com", actor: "test")
        let app = world.app(size: Size(rows: 48, columns: 160), view: .all)
        app.press(.character("o"))
        app.type("name")
        app.press(.enter)
        #expect(app.state.query.sort == .name)
        let names = app.state.leads.map { $0.lead.name.lowercased() }
        #expect(names == names.sorted())
        #expect(app.screen(Size(rows: 48, columns: 160)).text.contains("by name"))
        app.press(.character("!"))
        #expect(app.state.leads.map(\.lead.name) == ["Иван Петров"])
        #expect(app.screen(Size(rows: 48, columns: 160)).text.contains("!conflicts"))
        app.press(.character("!"), .character("+"))
        #expect(app.state.leads.map(\.lead.name) == ["Иван Петров"], "the offline message's task")
        app.press(.character("+"), .character("M"), .down, .enter)
        #expect(app.state.query.unassigned)
        #expect(app.state.leads.isEmpty, "every lead here has the default manager")
        #expect(app.screen(Size(rows: 48, columns: 160)).text.contains("unassigned"))
        app.press(.character("M"), .character("/"))
        app.type("bob")
        app.press(.enter)
        #expect(app.state.leads.map(\.lead.id) == [bob])
        app.press(.escape)
        #expect(!app.state.isFiltered)
        #expect(app.state.query.sort == .name, "Esc clears filters, not the order")
    }

    @Test func savedViewsApplyEverythingAtOnce() throws {
        let world = try ConsoleWorld.populated()
        var state = AppState(
            size: Size(rows: 24, columns: 80), operatorName: "alice", now: ConsoleWorld.now,
            settings: world.store.settings)
        state.savedViews = [try SavedView(name: "callbacks", text: "tab:all tasks sort:due")]
        let app = ConsoleApp(store: world.store, state: state)
        app.press(.character("V"), .enter)
        #expect(app.state.query.tasks)
        #expect(app.state.query.sort == .due)
        #expect(app.state.leads.map(\.lead.name) == ["Иван Петров"])
        #expect(app.state.notice?.text.string == "View: callbacks")
    }

    @Test func savedViewTextParsesAndRejectsUnknownWords() throws {
        let view = try SavedView(
            name: "x",
            text:
                "tab:open status:qualified manager:anna@example.com unassigned conflicts tasks sort:created / Maria  Lopez"
        )
        #expect(view.query.tab == .open)
        #expect(view.query.status == .qualified)
        #expect(view.query.managerLogin == "anna@example.com")
        #expect(view.query.unassigned && view.query.conflicts && view.query.tasks)
        #expect(view.query.sort == .created)
        #expect(view.query.search == "Maria  Lopez")
        let badChoice = try #require(throws: SavedViewError.self) { try SavedView(name: "bad", text: "sort:size") }
        #expect(
            badChoice.description
                == "the saved view 'bad' has 'sort:size', which is not a view word; use sort:"
                + LeadSort.allCases.map(\.rawValue).joined(separator: ", "))
        let badWord = try #require(throws: SavedViewError.self) { try SavedView(name: "bad", text: "overdue") }
        #expect(
            badWord.description
                == "the saved view 'bad' has 'overdue', which is not a view word; use "
                + "tab:…, status:…, manager:…, unassigned, conflicts, tasks, sort:… or /search")
        do {
            _ = try SavedView(name: "bad", text: "tab:later")
            Issue.record("tab:later was accepted")
        } catch {
            #expect(error.description.contains("'tab:later'") && error.description.contains("tab:unsorted"))
        }
    }
}

/// The wide layout's one-line table.
@Suite struct LeadTableTests {
    @Test(arguments: [(140, true), (139, false), (160, true), (120, false)])
    func theListIsAOneLineTableFrom140Columns(columns: Int, table: Bool) throws {
        let world = try ConsoleWorld.populated()
        let app = world.app(size: Size(rows: 30, columns: columns), view: .all)
        let screen = app.screen(Size(rows: 30, columns: columns)).text.split(separator: "\n").map(String.init)
        let header = screen.firstIndex { $0.contains("NAME") && $0.contains("PHONE") && $0.contains("MANAGER") }
        #expect((header != nil) == table, "\(screen.joined(separator: "\n"))")
        guard let header, table else { return }
        let row = screen[header + 1]
        for text in ["Иван Петров", "+79161234567", "ivan@example.ru", "alice", "Unsorted"] {
            #expect(row.contains(text), "\(row)")
        }
    }
}

/// The timeline groups messages under a header per chat, and opens at a search's hit.
@Suite struct TimelineTests {
    @Test func aChatIsAHeaderWithItsMessagesUnderIt() throws {
        let world = try ConsoleWorld.populated()
        let app = world.app(size: Size(rows: 48, columns: 160), view: .all)
        app.press(.character("#"))
        app.type(String(try world.leadID(named: "Иван Петров")))
        app.press(.enter)
        let screen = app.screen(Size(rows: 48, columns: 160)).text
        let lines = screen.split(separator: "\n").map(String.init)
        let header = try #require(lines.firstIndex { $0.contains("Chat #101 · Thomas Anderson") }, "\(screen)")
        #expect(lines[header].contains("3 messages"))
        let first = try #require(lines.firstIndex { $0.contains("Здравствуйте! Хочу узнать") })
        let last = try #require(lines.firstIndex { $0.contains("please call me back") })
        #expect(header < last && last < first, "messages stand under their chat, newest first")
    }

    @Test(arguments: StoreEngine.allCases)
    func openingALeadFromATranscriptSearchScrollsToTheHitAndMarksIt(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        var messages: [(String, String, Int64)] = []
        for index in 0..<60 {
            messages.append((index % 2 == 0 ? "visitor" : "agent", "message number \(index)", Int64(100 + index)))
        }
        messages[3].1 = "the parcel went to Vladivostok by mistake"
        try world.transcript(
            chat: 100, name: "plain ascii", phone: "+14085550100", email: "plain@example.com", messages)
        let app = world.app(size: Size(rows: 24, columns: 80), view: .all)
        app.press(.character("/"))
        app.type("vladivostok")
        app.press(.enter)
        #expect(app.state.detail?.summary.lead.name == "plain ascii")
        #expect(app.state.timelineOffset > 0)
        let canvas = app.screen(Size(rows: 24, columns: 80))
        let row = try #require((0..<24).first { canvas.text(row: $0).contains("Vladivostok") }, "\(canvas.text)")
        let timeline = try #require(app.state.layout.content(of: .timeline))
        #expect(timeline.top <= row && row < timeline.bottom)
        #expect(canvas.style(at: Point(row: row, column: timeline.left + 6)) == .selected)
        #expect(canvas.style(at: Point(row: row - 1, column: timeline.left + 6)) != .selected)
    }
}

/// `p` shows the next reply exactly as the listener would send it.
@Suite struct ReplyPreviewTests {
    @Test(arguments: StoreEngine.allCases)
    func thePreviewIsTheReplyTheListenerSends(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let id = try world.leadID(named: "Иван Петров")
        try world.store.setField(
            id, LeadField(title: "Plan", content: "Gold", link: "https://crm.example.com/p"), actor: "t")
        try world.store.edit(id, ContactEdit(crmLink: "https://crm.example.com/leads/2"), actor: "t")
        let updated = Fixtures.object("chat_updated")
            .setting("chat_id", .number("101"))
            .setting("visitor.name", .string("Иван Петров"))
            .setting("visitor.phone", .string("+79161234567"))
            .setting("visitor.email", .string("ivan@example.ru"))
            .setting("visitor.number", .string("v101"))
        let sent = try world.ingest(updated.bytes, offset: 60)
        #expect(sent.leadID == id)
        let app = world.app(size: Size(rows: 48, columns: 160), view: .all)
        app.jump(to: id)
        app.press(.character("p"))
        guard case .text(let viewer)? = app.state.modals.last else {
            Issue.record("p opened no preview")
            return
        }
        let expected = TextViewer(title: "", text: sent.reply.serialized(pretty: true), width: 160)
        #expect(viewer.lines == expected.lines)
        let text = viewer.lines.map(\.text.string).joined(separator: "\n")
        for piece in [
            "contact_info", "custom_data", "  \"title\": \"Plan\"", "\"Lead\"",
            "\"crm_link\": \"https://crm.example.com/leads/2\"",
            "\"enable_assign\": false",
        ] {
            #expect(text.contains(piece), "\(piece) missing from\n\(text)")
        }
        app.press(.escape)
        #expect(app.state.modals.isEmpty)
    }
}

/// Marking leads and acting on all marked at once.
@Suite struct BulkActionTests {
    @Test(arguments: StoreEngine.allCases)
    func spaceMarksAndSStatusesEveryMarkedLeadAfterOneConfirmation(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let app = world.app(view: .unsorted)
        let first = try #require(app.state.list.selectedID)
        app.press(.character(" "))
        let second = try #require(app.state.list.selectedID)
        app.press(.character(" "))
        #expect(app.state.marked == [first, second])
        #expect(app.screen(Size(rows: 24, columns: 80)).text.contains("2 marked"))
        app.press(.character("s"), .character("j"), .enter)
        guard case .confirm(let modal)? = app.state.modals.last else {
            Issue.record("no confirmation")
            return
        }
        #expect(modal.dialog.question.string.contains("2 marked leads to Spam"))
        app.press(.character("y"))
        #expect(try world.store.lead(first)?.status == .spam)
        #expect(try world.store.lead(second)?.status == .spam)
        #expect(app.state.marked.isEmpty)
        #expect(try world.store.auditTrail(lead: first).contains { $0.action == "status" && $0.actor == "alice" })
        #expect(try world.store.auditTrail(lead: second).contains { $0.action == "status" && $0.actor == "alice" })
    }

    @Test func oneMarkedLeadIsNamedInTheQuestionAndTheAnswer() throws {
        let world = try ConsoleWorld.populated()
        let app = world.app(view: .unsorted)
        let id = try #require(app.state.list.selectedID)
        app.press(.character(" "), .character("a"), .character("/"))
        app.type("bob")
        app.press(.enter)
        guard case .confirm(let modal)? = app.state.modals.last else {
            Issue.record("no confirmation")
            return
        }
        #expect(modal.dialog.question.string == "Assign lead #\(id) to bob@example.com?")
        app.press(.character("y"))
        #expect(app.state.notice?.text.string == "Lead #\(id) assigned to bob@example.com")
        // Space marked the lead and moved down: back to it, and the same again.
        app.press(.character("k"))
        #expect(app.state.list.selectedID == id)
        app.press(.character(" "), .character("a"), .character("/"))
        app.type("bob")
        app.press(.enter, .character("y"))
        #expect(app.state.notice?.text.string == "Lead #\(id) was assigned to bob@example.com already")
    }

    @Test(arguments: StoreEngine.allCases)
    func uUndoesABulkChangeInOneStep(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let app = world.app(view: .all)
        let marked = try app.mark(3)
        let before = try marked.map { try #require(try world.store.lead($0)).status }
        app.press(.character("s"), .character("j"), .enter, .character("y"))
        #expect(try marked.allSatisfy { try world.store.lead($0)?.status == .spam })
        app.press(.character("u"))
        #expect(try marked.map { try #require(try world.store.lead($0)).status } == before)
        #expect(app.state.notice?.text.string.hasPrefix("Undid the bulk change on 3 lead(s): ") == true)
        #expect(try world.store.undoableOperations(actor: "alice").isEmpty)
    }

    @Test(arguments: StoreEngine.allCases)
    func aManagerAddedOrDeactivatedElsewhereIsOfferedOrNotWithoutR(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let app = world.app()
        #expect(app.state.managers.map(\.login).contains("bob@example.com"))
        let other = try Store(path: world.address)
        _ = try other.addManager(login: "emily@example.com", name: "Emily", isDefault: false, actor: "carol")
        try other.deactivateManager(login: "bob@example.com", actor: "carol")
        app.send(.changes([]))
        let logins = app.state.managers.filter(\.isActive).map(\.login)
        #expect(logins.contains("emily@example.com"), "\(logins)")
        #expect(!logins.contains("bob@example.com"), "\(logins)")
    }

    @Test(arguments: StoreEngine.allCases)
    func theHighlightedTaskDoneElsewhereIsSaid(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        for lead in [try world.leadID(named: "plain ascii"), try world.leadID(named: "Иван Петров")] {
            _ = try world.store.addTask(
                lead: lead, title: "call", dueAt: 1_800_000_000_000, manager: nil, actor: "alice")
        }
        let app = world.app()
        app.press(.character("t"))
        let highlighted = try #require(app.state.taskList.selectedID)
        try Store(path: world.address).completeTask(highlighted, actor: "bob")
        app.send(.changes([]))
        let now = try #require(app.state.taskList.selectedID)
        #expect(now != highlighted)
        #expect(
            app.state.notice?.text.string == "Task #\(highlighted) left the queue; the highlight is on task #\(now) now"
        )
    }

    @Test(arguments: StoreEngine.allCases)
    func theHighlightedLeadLeavingTheViewIsSaid(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let app = world.app(view: .unsorted)
        let highlighted = try #require(app.state.list.selectedID)
        // Another operator accepts the highlighted lead: it leaves Unsorted.
        try Store(path: world.address).setStatus(highlighted, .open, actor: "bob")
        app.send(.changes([]))
        let now = try #require(app.state.list.selectedID)
        #expect(now != highlighted)
        #expect(
            app.state.notice?.text.string == "Lead #\(highlighted) left this view; the highlight is on #\(now) now")
    }

    /// A marked lead another operator's change takes out of the view is unmarked and said: the
    /// bulk change the marks are for acts only on leads the operator still sees.
    @Test(arguments: StoreEngine.allCases)
    func aMarkedLeadLeavingTheViewIsUnmarkedAndSaid(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let app = world.app(view: .unsorted)
        let marked = try app.mark(3)
        try Store(path: world.address).setStatus(marked[1], .open, actor: "bob")
        app.send(.changes([]))
        #expect(app.state.marked == [marked[0], marked[2]])
        #expect(app.state.notice?.text.string == "Lead #\(marked[1]) left this view and is no longer marked")
        app.press(.character("s"), .character("j"), .enter)
        guard case .confirm(let confirm)? = app.state.modals.last else {
            Issue.record("no confirmation: \(app.state.modals)")
            return
        }
        #expect(confirm.dialog.question.string == "Set the 2 marked leads to Spam?")
        app.press(.escape)
        // Two at once, one of them highlighted: both named.
        app.press(.character("k"))
        #expect(app.state.list.selectedID == marked[2])
        try Store(path: world.address).setStatus(marked[0], .open, actor: "bob")
        try Store(path: world.address).setStatus(marked[2], .won, actor: "bob")
        app.send(.changes([]))
        #expect(app.state.marked.isEmpty)
        let now = try #require(app.state.list.selectedID)
        #expect(
            app.state.notice?.text.string
                == "Lead #\(marked[2]) left this view; the highlight is on #\(now) now; unmarked: "
                + "#\(min(marked[0], marked[2])), #\(max(marked[0], marked[2]))")
    }

    /// A status chosen for a lead whose status another operator changed while the picker was
    /// open is refused, for one lead; for marked leads, such a lead and one that left the view
    /// while the question was up are left out and named.
    @Test(arguments: StoreEngine.allCases)
    func aStatusChosenOverAnotherOperatorsNewerOneIsRefused(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let app = world.app(view: .all)
        let id = try #require(app.state.openLeadID)
        app.press(.character("s"))
        try Store(path: world.address).setStatus(id, .open, actor: "bob")
        app.send(.changes([]))
        app.press(.character("j"), .enter)
        #expect(try world.store.lead(id)?.status == .open, "bob's status stands")
        #expect(
            app.state.notice?.text.string
                == "lead #\(id) is Open now: another operator changed it since you chose; nothing was changed, choose again"
        )

        // Marked: one changed but still in view, one that leaves the view during the question.
        app.press(.escape)
        let unsorted = world.app(view: .unsorted)
        let marked = try unsorted.mark(3)
        unsorted.press(.character("s"), .character("j"), .character("j"), .enter)
        guard case .confirm? = unsorted.state.modals.last else {
            Issue.record("no question: \(unsorted.state.modals)")
            return
        }
        try Store(path: world.address).setStatus(marked[1], .won, actor: "bob")
        unsorted.send(.changes([]))
        unsorted.press(.character("y"))
        #expect(try world.store.lead(marked[0])?.status == .qualified)
        #expect(try world.store.lead(marked[2])?.status == .qualified)
        #expect(try world.store.lead(marked[1])?.status == .won, "bob's status stands")
        #expect(
            unsorted.state.notice?.text.string
                == "2 of 3 leads now Qualified; left out: #\(marked[1]) (left the view)")
    }

    /// Esc from `#42` (or a search) whose lead the view does not hold puts the highlight back
    /// on the lead it was on before, and says so: it had landed on whatever row had that place.
    @Test func backFromGoingToALeadNotInTheViewReturnsTheHighlightAndSaysSo() throws {
        let world = try ConsoleWorld.populated()
        let won = try world.leadID(named: "plain ascii")
        try world.store.setStatus(won, .won, actor: "alice")
        let app = world.app(view: .unsorted)
        app.press(.character("j"), .character("j"))
        let before = try #require(app.state.list.selectedID)
        app.press(.character(":"))
        app.type("\(won)")
        app.press(.enter)
        #expect(app.state.list.selectedID == won)
        app.press(.escape)
        #expect(app.state.list.selectedID == before, "back where it was")
        #expect(app.state.notice?.text.string == "Lead #\(won) is not in this view; the highlight is on #\(before) now")
        // A lead the view holds keeps the highlight, with nothing said.
        app.press(.character(":"))
        app.type("\(before)")
        app.press(.enter, .character("k"), .escape)
        #expect(app.state.list.selectedID == before)
    }

    /// Leads marked in one view and acted on from another are named in the question: the
    /// change reaches leads the list does not show.
    @Test func theBulkQuestionNamesMarkedLeadsTheListDoesNotShow() throws {
        let world = try ConsoleWorld.populated()
        let app = world.app(view: .unsorted)
        let marked = try app.mark(2)
        let open = try world.leadID(named: "plain ascii")
        try world.store.setStatus(open, .open, actor: "alice")
        app.press(.character("2"))
        app.send(.changes([]))
        #expect(app.state.leads.map(\.lead.id) == [open])
        app.press(.character("s"), .character("j"), .enter)
        guard case .confirm(let confirm)? = app.state.modals.last else {
            Issue.record("no question: \(app.state.modals)")
            return
        }
        let sorted = marked.sorted()
        #expect(
            confirm.dialog.question.string
                == "Set the 2 marked leads to Spam? #\(sorted[0]), #\(sorted[1]) are marked but not shown in this list."
        )
    }

    /// The highlight leaving with a lead another operator changed is said even while the
    /// operator's own earlier notice is up; and a status refused as stale closes the picker, so
    /// that the next choice is made on the lead as it is.
    @Test(arguments: StoreEngine.allCases)
    func anotherOperatorsChangeIsSaidOverOnesOwnNoticeAndARefusedPickerCloses(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let app = world.app(view: .unsorted)
        let id = try #require(app.state.list.selectedID)
        app.press(.character("i"))
        app.type("called")
        app.press(.enter)
        #expect(app.state.notice?.text.string == "Note added to lead #\(id)")
        try Store(path: world.address).setStatus(id, .open, actor: "bob")
        app.send(.changes([]))
        let now = try #require(app.state.list.selectedID)
        #expect(app.state.notice?.text.string == "Lead #\(id) left this view; the highlight is on #\(now) now")
        // The own change that takes a lead out of the view is not said twice.
        app.press(.character("s"), .enter)
        #expect(try world.store.lead(now)?.status == .open)
        #expect(app.state.notice?.text.string == "Lead #\(now) is now Open")

        let all = world.app(view: .all)
        let lead = try #require(all.state.openLeadID)
        all.press(.character("s"))
        try Store(path: world.address).setStatus(lead, .won, actor: "bob")
        all.press(.character("j"), .enter)
        #expect(all.state.modals.isEmpty, "the refused picker closed: \(all.state.modals)")
        all.send(.changes([]))
        all.press(.character("s"), .character("j"), .enter)
        #expect(try world.store.lead(lead)?.status == .spam, "chosen again on the lead as it is")
    }

    /// A bulk change names the marked leads that had the value already: they are not counted.
    @Test func aBulkChangeNamesTheLeadsThatHadTheValueAlready() throws {
        let world = try ConsoleWorld.populated()
        let app = world.app(view: .all)
        let marked = try app.mark(2)
        try world.store.setStatus(marked[0], .spam, actor: "alice")
        app.send(.changes([]))
        app.press(.character("s"), .character("j"), .enter, .character("y"))
        #expect(try world.store.lead(marked[1])?.status == .spam)
        #expect(app.state.notice?.text.string == "1 of 2 leads now Spam; #\(marked[0]) was Spam already")
    }

    @Test(arguments: StoreEngine.allCases)
    func aMarkedLeadChangedMeanwhileInTheViewIsLeftOut(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let app = world.app(view: .all)
        let marked = try app.mark(2)
        app.press(.character("s"), .character("j"), .enter)
        try Store(path: world.address).setStatus(marked[0], .won, actor: "bob")
        app.send(.changes([]))
        app.press(.character("y"))
        #expect(try world.store.lead(marked[0])?.status == .won, "bob's status stands")
        #expect(try world.store.lead(marked[1])?.status == .spam)
        #expect(
            app.state.notice?.text.string
                == "1 of 2 leads now Spam; left out: #\(marked[0]) (is Won now: changed meanwhile)")
    }

    /// A status or manager another operator set while the bulk picker was open (before the
    /// question) is not written over: the lead is left out and named, as one changed during the
    /// question is.
    @Test(arguments: StoreEngine.allCases)
    func aMarkedLeadChangedWhileThePickerIsOpenIsLeftOut(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let app = world.app(view: .all)
        let marked = try app.mark(2)
        app.press(.character("s"))
        try Store(path: world.address).setStatus(marked[0], .won, actor: "bob")
        app.send(.changes([]))
        app.press(.character("j"), .enter, .character("y"))
        #expect(try world.store.lead(marked[0])?.status == .won, "bob's status stands")
        #expect(try world.store.lead(marked[1])?.status == .spam)
        #expect(
            app.state.notice?.text.string
                == "1 of 2 leads now Spam; left out: #\(marked[0]) (is Won now: changed meanwhile)")

        _ = try world.store.addManager(login: "carol@example.com", name: "Carol", isDefault: false, actor: "test")
        let assigning = world.app(view: .all)
        let both = try assigning.mark(2)
        assigning.press(.character("a"))
        try Store(path: world.address).assign(both[1], login: "carol@example.com", actor: "bob")
        assigning.send(.changes([]))
        assigning.press(.character("/"))
        assigning.type("bob")
        assigning.press(.enter, .character("y"))
        #expect(try world.store.lead(both[1])?.manager?.login == "carol@example.com", "bob's choice stands")
        #expect(try world.store.lead(both[0])?.manager?.login == "bob@example.com")
        #expect(
            assigning.state.notice?.text.string
                == "1 of 2 leads assigned to bob@example.com; left out: #\(both[1]) "
                + "(is assigned to carol@example.com now: changed meanwhile)")
    }

    @Test(arguments: StoreEngine.allCases)
    func aMarkedLeadMergedElsewhereIsNamedAsLeftOut(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let app = world.app(view: .all)
        let marked = try app.mark(2)
        let survivor = try #require(
            try world.store.leads(LeadFilter(limit: 100)).map(\.lead.id).first { !marked.contains($0) })
        try Store(path: world.address).merge(marked[1], into: survivor, actor: "bob")
        app.press(.character("s"), .character("j"), .enter, .character("y"))
        #expect(try world.store.lead(marked[0])?.status == .spam)
        #expect(
            app.state.notice?.text.string
                == "1 of 2 leads now Spam; left out: #\(marked[1]) (merged into #\(survivor))")
    }

    @Test(arguments: StoreEngine.allCases)
    func starMarksEveryLeadTheSearchSelectsAndAAssignsThemAll(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let app = world.app(view: .all)
        app.press(.character("/"))
        app.type("+1408")
        app.press(.enter)
        let hits = Set(app.state.leads.map(\.lead.id))
        #expect(hits.count == 3)
        app.press(.character("*"))
        #expect(app.state.marked == hits)
        app.press(.character("a"), .character("/"))
        app.type("bob")
        app.press(.enter, .character("y"))
        for id in hits { #expect(try world.store.lead(id)?.manager?.login == "bob@example.com") }
        app.press(.character("*"), .character("*"))
        #expect(app.state.marked.isEmpty, "* on a fully marked list unmarks")
    }

    @Test(arguments: StoreEngine.allCases)
    func capitalDMarksTheLeadsOpenTasksDone(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let app = world.app(view: .all)
        let id = try world.leadID(named: "Иван Петров")
        app.jump(to: id)
        app.press(.character("D"))
        #expect(try world.store.tasks(openOnly: true).allSatisfy { $0.leadID != id })
        #expect(app.state.notice?.text.string == "1 task(s) of lead #\(id) done")
    }
}

/// What other processes did, shown without a key press: a form whose lead changed says so;
/// the inbox lists quarantined and failed deliveries first.
@Suite struct TeamChangesTests {
    @Test(arguments: StoreEngine.allCases)
    func anOpenFormSaysWhatChangedUnderneathAndKeepsTheTyping(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let id = try world.leadID(named: "Иван Петров")
        let app = world.app(view: .all)
        app.jump(to: id)
        app.press(.character("e"))
        app.type("X")
        let other = try Store(path: world.address)
        try other.edit(id, ContactEdit(crmLink: "https://crm.example.com/new"), actor: "bob")
        app.send(.changes([]))
        guard case .form(let form)? = app.state.modals.last else {
            Issue.record("the form closed")
            return
        }
        #expect(form.form.values[0].hasSuffix("X"))
        let notice = try #require(form.changedUnderneath?.string)
        #expect(notice.contains("crm_link is now \"https://crm.example.com/new\""), "\(notice)")
        #expect(app.screen(Size(rows: 24, columns: 80)).text.contains("changed while you edit"))
    }

    @Test(arguments: StoreEngine.allCases)
    func anOpenConflictDialogFollowsConflictsResolvedElsewhere(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let id = try world.leadID(named: "Иван Петров")
        // A second conflict on the lead: the same email with a third phone.
        try world.visitor("Иван Петров", chat: 107, phone: "+79161111111", email: "ivan@example.ru", offset: 55)
        let open = try world.store.conflicts(lead: id).filter { $0.status == "open" }
        #expect(open.count == 2)
        let app = world.app(size: Size(rows: 24, columns: 120), view: .all)
        app.jump(to: id)
        app.press(.character("c"))
        #expect(app.screen(Size(rows: 24, columns: 120)).text.contains("Conflict 1 of 2"))
        let shown = try #require(Self.shownConflict(app))
        let other = try #require(open.first { $0.id != shown })
        // Another operator resolves the conflict not shown, then the shown one.
        _ = try Store(path: world.address).resolve(other.id, .keepCurrent, actor: "bob")
        app.send(.changes([]))
        #expect(Self.shownConflict(app) == shown)
        #expect(app.screen(Size(rows: 24, columns: 120)).text.contains("Conflict 1 of 1"))
        _ = try Store(path: world.address).resolve(shown, .keepCurrent, actor: "bob")
        app.send(.changes([]))
        if case .conflicts? = app.state.modals.last { Issue.record("the dialog still shows resolved conflicts") }
        #expect(app.state.notice?.text.string == "The open conflicts of lead #\(id) were resolved or moved meanwhile")
    }

    /// The conflict shown resolved by another operator: the dialog says which one took its place,
    /// and a choice pressed before the operator has read that one settles nothing.
    @Test(arguments: StoreEngine.allCases)
    func aChoiceRightAfterTheShownConflictWasResolvedElsewhereSettlesNothing(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let id = try world.leadID(named: "Иван Петров")
        // A second conflict on the lead: the same email with a third phone.
        try world.visitor("Иван Петров", chat: 107, phone: "+79161111111", email: "ivan@example.ru", offset: 55)
        let size = Size(rows: 24, columns: 120)
        let app = world.app(size: size, view: .all)
        app.jump(to: id)
        app.press(.character("c"))
        #expect(app.screen(size).text.contains("Conflict 1 of 2"))
        let shown = try #require(Self.shownConflict(app))
        let other = try #require(try world.store.conflicts(lead: id).first { $0.status == "open" && $0.id != shown })
        _ = try Store(path: world.address).resolve(shown, .keepBoth, actor: "bob")
        app.send(.changes([]))
        #expect(Self.shownConflict(app) == other.id)
        #expect(
            app.state.notice?.text.string
                == "Conflict #\(shown) was resolved or moved meanwhile; the dialog shows conflict #\(other.id) now")
        #expect(app.state.notice?.style == .warning)
        let switched = app.screen(size).text
        #expect(
            switched.contains("Conflict #\(shown) was resolved or moved meanwhile; this is #\(other.id)"), "\(switched)"
        )
        app.press(.character("2"))
        #expect(try world.store.conflict(other.id)?.status == "open", "a choice made unread settles nothing")
        let refused = app.screen(size).text
        #expect(
            refused.contains("Nothing was resolved: conflict #\(other.id) took the place of #\(shown) just now"),
            "\(refused)")
        app.press(.character("2"))
        #expect(try world.store.conflict(other.id)?.status == "resolved", "read, it is settled")
    }

    /// Settling a duplicate conflict by merging says which lead stays and puts the highlight on
    /// it: the highlighted lead joined it and left the list.
    @Test(arguments: StoreEngine.allCases)
    func mergingDuplicatesFromTheConflictDialogHighlightsTheLeadThatStays(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let byPhone = try #require(
            try world.visitor("Anna K", chat: 301, phone: "+79165551122", email: nil, offset: 60).leadID)
        let byEmail = try #require(
            try world.visitor("Anna", chat: 300, phone: nil, email: "anna@example.com", offset: 61).leadID)
        try world.visitor("Anna", chat: 302, phone: "+79165551122", email: "anna@example.com", offset: 62)
        let conflict = try #require(try world.store.conflicts(lead: byEmail).first { $0.field == "duplicate" })
        let app = world.app(size: Size(rows: 30, columns: 120), view: .all)
        for _ in 0..<20 where app.state.list.selectedID != byEmail { app.press(.character("j")) }
        #expect(app.state.list.selectedID == byEmail)
        app.press(.character("c"))
        #expect(app.screen(Size(rows: 30, columns: 120)).text.contains("2  merge: #\(byEmail) joins #\(byPhone)"))
        app.press(.character("2"))
        #expect(try world.store.lead(byPhone)?.emails.map(\.value) == ["anna@example.com"], "merged")
        #expect(try world.store.conflict(conflict.id)?.status == "resolved")
        #expect(app.state.list.selectedID == byPhone, "the lead that stays is highlighted")
        #expect(
            app.state.notice?.text.string
                == "Resolved conflict #\(conflict.id) of lead #\(byEmail): the duplicate leads are one, lead #\(byPhone); "
                + "U on it undoes the merge")
    }

    @Test(arguments: StoreEngine.allCases)
    func aDuplicateConflictDialogSaysWhenTheOtherLeadWasMergedElsewhere(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let byEmail = try #require(
            try world.visitor("Anna", chat: 300, phone: nil, email: "anna@example.com", offset: 60).leadID)
        let byPhone = try #require(
            try world.visitor("Anna K", chat: 301, phone: "+79165551122", email: nil, offset: 61).leadID)
        try world.visitor("Anna", chat: 302, phone: "+79165551122", email: "anna@example.com", offset: 62)
        let conflict = try #require(try world.store.conflicts(lead: byEmail).first { $0.field == "duplicate" })
        #expect(conflict.otherLeadID == byPhone)
        let third = try world.leadID(named: "plain ascii")
        let app = world.app(size: Size(rows: 30, columns: 120), view: .all)
        app.jump(to: byEmail)
        app.press(.character("c"))
        #expect(app.screen(Size(rows: 30, columns: 120)).text.contains("2  merge: #\(byPhone) joins #\(byEmail)"))
        // 4 does not settle duplicates; what it says is not the name conflict's reason.
        app.press(.character("4"))
        if case .confirm? = app.state.modals.last { Issue.record("4 offered to split a duplicate conflict") }
        #expect(
            app.screen(Size(rows: 30, columns: 120)).text.contains("4 (split) does not settle a duplicate conflict"))
        // Another operator merges the other lead into a third one.
        try Store(path: world.address).merge(byPhone, into: third, actor: "bob")
        app.send(.changes([]))
        let screen = app.screen(Size(rows: 30, columns: 120)).text
        #expect(screen.contains("Lead #\(byPhone) was merged into lead #\(third) since"), "\(screen)")
        #expect(!screen.contains("2  merge: #\(byPhone)"), "\(screen)")
        #expect(screen.contains("or 1 closes this"), "the line is read in full:\n\(screen)")
        app.press(.character("2"))
        let refused = app.screen(Size(rows: 30, columns: 120)).text
        #expect(refused.contains("merge lead #\(third) with m instead"), "\(refused)")
        #expect(try world.store.conflict(conflict.id)?.status == "open")
        app.press(.character("1"))
        #expect(try world.store.conflict(conflict.id)?.status == "resolved")
    }

    @Test func theConflictDialogShowsALongValueInFull() throws {
        let world = try ConsoleWorld.populated()
        let id = try world.leadID(named: "plain ascii")
        let long = "Sophia Alexandra Maria Theresa Constance Wilhelmina Smith-Montgomery of Westminster, Esquire"
        try world.visitor(long, chat: 310, phone: nil, email: "plain@example.com", offset: 70)
        let app = world.app(size: Size(rows: 40, columns: 80), view: .all)
        app.jump(to: id)
        app.press(.character("c"))
        let screen = app.screen(Size(rows: 40, columns: 80)).text
        #expect(screen.contains("Westminster, Esquire"), "the incoming name is shown whole:\n\(screen)")
        #expect(!screen.contains("Smith-M…"), "\(screen)")
    }

    /// The conflict dialog's status row offers the keys that settle the conflict shown, and a
    /// key that does not says so in the dialog's words.
    @Test func theConflictDialogOffersOnlyTheKeysThatSettleTheConflictShown() throws {
        let world = try ConsoleWorld.populated()
        let id = try world.leadID(named: "plain ascii")
        try world.visitor("Someone Else", chat: 311, phone: nil, email: "plain@example.com", offset: 70)
        let size = Size(rows: 30, columns: 120)
        let app = world.app(size: size, view: .all)
        app.jump(to: id)
        app.press(.character("c"))
        let hints = try #require(app.screen(size).text.split(separator: "\n").last)
        #expect(hints.contains("1 keep") && hints.contains("2 take") && hints.contains("4 split"), "\(hints)")
        #expect(!hints.contains("3 both"), "a name is not kept twice: \(hints)")
        app.press(.character("3"))
        let said = app.screen(size).text
        #expect(said.contains("3 (keep both) does not settle a name conflict; it is settled by 1"), "\(said)")
        #expect(said.contains("(keep), 2 (take), 4 (split)"), "\(said)")
        #expect(try world.store.conflicts(lead: id).contains { $0.status == "open" })
    }

    /// A chat a merge brought over shows its visitor by the name they gave, not the name of the
    /// lead it joined.
    @Test func aMergedChatShowsItsOwnVisitorsName() throws {
        let world = try ConsoleWorld.populated()
        let ivan = try world.leadID(named: "Иван Петров")
        let plain = try world.leadID(named: "plain ascii")
        try world.store.merge(ivan, into: plain, actor: "alice")
        let size = Size(rows: 48, columns: 160)
        let app = world.app(size: size, view: .all)
        app.jump(to: plain)
        let rows = app.screen(size).text.split(separator: "\n")
        // A message is shown under its time and who said it.
        let message = try #require(rows.firstIndex { $0.contains("Здравствуйте") }, "\(rows)")
        let said = rows[message - 1]
        #expect(said.contains("Иван Петров"), "\(said)")
        #expect(!said.contains("plain ascii"), "\(said)")
    }

    @Test func theMergeDialogShowsLongValuesInFull() throws {
        let world = try ConsoleWorld.populated()
        let survivor = try world.leadID(named: "plain ascii")
        let absorbed = try world.leadID(named: "Иван Петров")
        try world.store.edit(
            survivor, ContactEdit(description: "Wants the enterprise plan for 40 seats, billed yearly, from March"),
            actor: "alice")
        try world.store.edit(
            absorbed, ContactEdit(description: "Asked about a discount for schools and a trial in Russian"),
            actor: "alice")
        let app = world.app(size: Size(rows: 40, columns: 80), view: .all)
        app.merge(absorbed, into: survivor)
        guard case .merge? = app.state.modals.last else {
            Issue.record("no merge dialog: \(app.state.modals)")
            return
        }
        let screen = app.screen(Size(rows: 40, columns: 80)).text
        let rows = screen.split(separator: "\n")
        let dialog = try #require(rows.firstIndex { $0.contains("Merge lead #\(absorbed) into #\(survivor)") })
        let end = try #require(rows[dialog...].firstIndex { $0.contains("Enter merge · Esc cancel") })
        let shown = rows[dialog...end].joined(separator: "\n")
        for words in [
            "Wants the enterprise plan", "for 40 seats, billed", "yearly, from March", "Asked about a discount for",
            "schools and a trial in Russian",
        ] {
            #expect(shown.contains(words), "\(words) is shown:\n\(shown)")
        }
        #expect(!shown.contains("…"), "nothing is cut:\n\(shown)")
    }

    @Test func aValueTooLongForTheMergeDialogEndsWithAnEllipsisAndTheKeysStayOnScreen() throws {
        let world = try ConsoleWorld.populated()
        let survivor = try world.leadID(named: "plain ascii")
        let absorbed = try world.leadID(named: "Иван Петров")
        let long = (1...220).map { "word\($0)" }.joined(separator: " ")
        try world.store.edit(absorbed, ContactEdit(description: String(long.prefix(2000))), actor: "alice")
        let size = Size(rows: 24, columns: 80)
        let app = world.app(size: size, view: .all)
        app.merge(absorbed, into: survivor)
        let screen = app.screen(size).text
        #expect(screen.contains("←/→ switch · Enter merge · Esc cancel"), "the keys are on screen:\n\(screen)")
        #expect(screen.contains("…"), "the cut is marked:\n\(screen)")
        #expect(screen.contains("word1 "), "\(screen)")
    }

    @Test func takingAnIncomingPhoneSaysWhichPhoneItReplaces() throws {
        let world = try ConsoleWorld.populated()
        let id = try world.leadID(named: "Иван Петров")
        let app = world.app(size: Size(rows: 30, columns: 120), view: .all)
        app.jump(to: id)
        app.press(.character("c"))
        #expect(app.screen(Size(rows: 30, columns: 120)).text.contains("2  take +79160000000 instead of +79161234567"))
        app.press(.escape)
        // Another phone put first: the one the conflict is about is still the one replaced.
        try world.store.changeContacts(id, .phone, .add("+7 916 555-00-00"), actor: "alice")
        try world.store.changeContacts(id, .phone, .move(from: 1, to: 0), actor: "alice")
        app.send(.changes([]))
        app.press(.character("c"))
        let screen = app.screen(Size(rows: 30, columns: 120)).text
        #expect(screen.contains("Lead has    +7 916 555-00-00"), "\(screen)")
        #expect(screen.contains("2  take +79160000000 instead of +79161234567"), "\(screen)")
        app.press(.character("2"))
        let phones = try #require(try world.store.lead(id)).phones.map(\.normalized)
        #expect(phones == ["+79165550000", "+79160000000"])
    }

    @Test func theContactsDialogKeepsItsHighlightOnTheSameValueWhenAnotherOperatorChangesTheList() throws {
        let world = try ConsoleWorld.populated()
        let id = try world.leadID(named: "Иван Петров")
        try world.store.changeContacts(id, .phone, .add("+7 916 000-11-22"), actor: "alice")
        let app = world.app(size: Size(rows: 30, columns: 120), view: .all)
        app.jump(to: id)
        app.press(.character("C"))
        // Emails first (one), then the phones: the second phone.
        app.press(.character("j"), .character("j"))
        #expect(app.screen(Size(rows: 30, columns: 120)).text.contains("Phone  +7 916 000-11-22"))
        // Another operator adds a phone and puts it first.
        let other = try Store(path: world.address)
        try other.changeContacts(id, .phone, .add("+7 916 999-99-99"), actor: "bob")
        try other.changeContacts(id, .phone, .move(from: 2, to: 0), actor: "bob")
        app.send(.changes([]))
        app.press(.character("d"))
        let phones = try #require(try world.store.lead(id)).phones.map(\.value)
        #expect(phones == ["+7 916 999-99-99", "+79161234567"], "d removed the highlighted phone, not another")
    }

    @Test(arguments: StoreEngine.allCases)
    func aPhoneEditedInTheContactsDialogIsTheOneOpenedWhateverMovedMeanwhile(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let id = try world.leadID(named: "Иван Петров")
        for phone in ["+7 900 000-00-01", "+7 900 000-00-02"] {
            try world.store.changeContacts(id, .phone, .add(phone), actor: "alice")
        }
        let app = world.app(size: Size(rows: 30, columns: 120), view: .all)
        app.jump(to: id)
        // Emails first (one), then the phones: the second phone, opened to edit.
        app.press(.character("C"), .character("j"), .character("j"), .enter, .control("u"))
        app.type("+7 900 000-00-99")
        // Meanwhile another operator puts the third phone second.
        try Store(path: world.address).changeContacts(id, .phone, .move(from: 2, to: 1), actor: "bob")
        app.press(.enter)
        #expect(
            try #require(try world.store.lead(id)).phones.map(\.value)
                == ["+79161234567", "+7 900 000-00-02", "+7 900 000-00-99"],
            "the phone edited is the one opened, and the moved one is kept")
        // One removed meanwhile is not replaced by another: nothing changes, and the form says why.
        app.press(.character("j"), .enter, .control("u"))
        app.type("+7 900 000-00-77")
        try Store(path: world.address).changeContacts(id, .phone, .remove(2), actor: "bob")
        app.press(.enter)
        #expect(try #require(try world.store.lead(id)).phones.map(\.value) == ["+79161234567", "+7 900 000-00-02"])
        #expect(
            app.screen(Size(rows: 30, columns: 120)).text.contains("no longer has the phone +7 900 000-00-99"),
            "\(app.screen(Size(rows: 30, columns: 120)).text)")
    }

    @Test func theFieldsDialogKeepsItsHighlightOnTheSameFieldWhenAnotherOperatorChangesTheList() throws {
        let world = try ConsoleWorld.populated()
        let id = try world.leadID(named: "plain ascii")
        for title in ["Plan", "Bfield", "Cfield"] {
            try world.store.setField(id, LeadField(title: title, content: "x"), actor: "alice")
        }
        let app = world.app(size: Size(rows: 30, columns: 120), view: .all)
        app.jump(to: id)
        app.press(.character("F"), .character("j"))
        try Store(path: world.address).removeField(id, title: "Plan", actor: "bob")
        app.send(.changes([]))
        app.press(.character("d"))
        let titles = try #require(try world.store.lead(id)).fields.map(\.title)
        #expect(titles == ["Cfield"], "d removed the highlighted field, not another")
    }

    /// The highlighted email, phone or field changed or removed by another operator is said: the
    /// highlight is on another row, which `d` and Enter act on. The operator's own edit, which
    /// also takes the row's old value away, is not.
    @Test(arguments: StoreEngine.allCases)
    func aHighlightedContactOrFieldGoneMeanwhileIsSaidButNotAfterOnesOwnEdit(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let id = try world.leadID(named: "Иван Петров")
        for phone in ["+7 900 000-00-01", "+7 900 000-00-02"] {
            try world.store.changeContacts(id, .phone, .add(phone), actor: "alice")
        }
        let size = Size(rows: 30, columns: 120)
        let app = world.app(size: size, view: .all)
        app.jump(to: id)
        // Emails first (one), then the phones: the second phone.
        app.press(.character("C"), .character("j"), .character("j"))
        try Store(path: world.address).changeContacts(id, .phone, .remove(1), actor: "bob")
        app.send(.changes([]))
        #expect(
            app.state.notice?.text.string
                == "The phone +7 900 000-00-01 was changed or removed meanwhile; the highlight is on the phone "
                + "+7 900 000-00-02 now")
        // Its own edit of the highlighted phone: saved, with no word of a row gone.
        app.press(.enter, .control("u"))
        app.type("+7 900 000-00-03")
        app.press(.enter)
        #expect(try world.store.lead(id)?.phones.map(\.value) == ["+79161234567", "+7 900 000-00-03"])
        #expect(app.state.notice?.text.string == "Saved the phones of lead #\(id); the first is the primary")
        app.press(.escape)

        for title in ["Plan", "Bfield"] {
            try world.store.setField(id, LeadField(title: title, content: "x"), actor: "alice")
        }
        app.send(.changes([]))
        app.press(.character("F"))
        try Store(path: world.address).saveField(
            id, LeadField(title: "Plan B", content: "y"), replacing: LeadField(title: "Plan", content: "x"),
            position: nil, actor: "bob")
        app.send(.changes([]))
        let now = try #require(try world.store.lead(id)).fields.map(\.title)
        #expect(
            app.state.notice?.text.string
                == "Field \"Plan\" was changed or removed meanwhile; the highlight is on \"\(now[0])\" now")
        app.press(.enter, .control("u"))
        app.type("Renamed")
        app.press(.enter)
        #expect(try world.store.lead(id)?.fields.map(\.title).contains("Renamed") == true)
        #expect(app.state.notice?.text.string.contains("meanwhile") == false, "\(String(describing: app.state.notice))")
    }

    /// The id of the conflict the open conflict dialog shows.
    private static func shownConflict(_ app: ConsoleApp) -> Int64? {
        guard case .conflicts(let modal)? = app.state.modals.last else { return nil }
        return modal.items[modal.index].conflict.id
    }

    @Test(arguments: StoreEngine.allCases)
    func theInboxListsQuarantinedAndFailedFirstAndOpensALead(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        try world.ingest(Array("{not json".utf8), offset: 70)
        let app = world.app(size: Size(rows: 24, columns: 120), view: .all)
        #expect(app.state.counts.health.quarantined == 1)
        app.press(.character("E"))
        #expect(app.state.screen == .events)
        #expect(app.state.inbox.first?.status == "quarantined")
        let screen = app.screen(Size(rows: 24, columns: 120)).text
        #expect(screen.contains("Inbox: 1 quarantined, 0 failed"))
        #expect(screen.contains("quarantined"))
        // Enter on a delivery that reached no lead says why, in full.
        app.press(.enter)
        let why = try #require(app.state.inbox.first?.error)
        let id = app.state.inbox[0].id
        #expect(
            app.state.notice?.text.string
                == "Delivery #\(id) reached no lead: \(why); `jivocrm events \(id)` shows its body")
        app.press(.character("j"), .enter)
        #expect(app.state.screen == .leads)
        #expect(app.state.openLeadID == app.state.inbox[1].leadID)
        #expect(app.state.list.selectedID == app.state.openLeadID)
    }

    @Test func deliveriesArrivingAboveTheVisibleRowsOfTheInboxAreAnnouncedUntilSeen() throws {
        let world = try ConsoleWorld.populated()
        // More deliveries than the pane's rows, so that the list can scroll.
        for chat in 200..<230 {
            try world.visitor("Earlier \(chat)", chat: chat, phone: nil, email: "e\(chat)@example.com", offset: 60)
        }
        let app = world.app(size: Size(rows: 24, columns: 120), view: .all)
        app.press(.character("E"), .character("j"))
        let selected = try #require(app.state.inboxList.selectedID)
        for chat in 300..<303 {
            let created = try world.visitor(
                "Arrival \(chat)", chat: chat, phone: nil, email: "a\(chat)@example.com", offset: 70)
            app.send(.changes([ChangeNote(eventName: "chat_accepted", leadID: created.leadID, created: true)]))
        }
        #expect(app.state.inboxList.selectedID == selected)
        #expect(app.state.inboxList.unseenAbove.count == 3)
        #expect(app.screen(Size(rows: 24, columns: 120)).text.contains("3 new ↑"))
        app.press(.character("g"))
        #expect(app.state.inboxList.unseenAbove.isEmpty)
        #expect(!app.screen(Size(rows: 24, columns: 120)).text.contains("new ↑"))
    }

    @Test(arguments: StoreEngine.allCases)
    func theStatusLineReadsTheListenersHealthFromTheStore(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        var state = AppState(
            size: Size(rows: 24, columns: 120), operatorName: "alice", now: ConsoleWorld.now,
            settings: world.store.settings)
        state.query.tab = .all
        let app = ConsoleApp(store: world.store, state: state, listenerInfo: { ListenerInfo(webhookURL: "http://x") })
        #expect(app.screen(Size(rows: 24, columns: 120)).text.contains("NO LISTENER"))
        try world.store.database.write {
            try world.store.beat(
                listener: "host:1", address: "http://127.0.0.1:9", startedAt: ConsoleWorld.now, now: ConsoleWorld.now)
        }
        app.send(.tick)
        app.send(.changes([]))
        let screen = app.screen(Size(rows: 24, columns: 120)).text
        #expect(screen.contains("listener up") && screen.contains("http://127.0.0.1:9/jivo/"), "\(screen)")
        #expect(screen.contains("events/h"))
    }
}

/// The conflict dialog shows both sides in full, asks before a split, and a split is undone
/// like a merge.
@Suite struct ConflictDialogTests {
    private static func conflictText(_ app: ConsoleApp) -> String {
        app.screen(Size(rows: 48, columns: 160)).text
    }

    @Test func aPhoneConflictShowsTheValueAsItIsNowAndTheFormsMatchingUses() throws {
        let world = try ConsoleWorld.populated()
        let id = try world.leadID(named: "Иван Петров")
        try world.store.edit(id, ContactEdit(phone: "+7 916 111-22-33"), actor: "bob")
        let app = world.app(size: Size(rows: 48, columns: 160), view: .all)
        app.jump(to: id)
        app.press(.character("c"))
        let text = Self.conflictText(app)
        #expect(text.contains("Lead has    +7 916 111-22-33"), "\(text)")
        #expect(text.contains("+79161234567 (when the conflict opened)"), "\(text)")
        #expect(text.contains("Matched as  +79161112233 vs +79160000000: different"), "\(text)")
        #expect(text.contains("3  keep both: +79160000000 becomes an additional phone"), "\(text)")
    }

    @Test(arguments: StoreEngine.allCases)
    func fourAsksBeforeSplittingAndUUndoesTheSplit(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let id = try world.leadID(named: "Иван Петров")
        let app = world.app(size: Size(rows: 48, columns: 160), view: .all)
        app.jump(to: id)
        app.press(.character("c"), .character("4"))
        guard case .confirm(let confirm)? = app.state.modals.last else {
            Issue.record("4 split without asking")
            return
        }
        #expect(confirm.dialog.question.string.contains("Split +79160000000 off lead #\(id)"))
        #expect(try world.store.conflicts(lead: id).contains { $0.status == "open" })
        app.press(.character("y"))
        let conflict = try #require(try world.store.conflicts(lead: id).first { $0.resolution == "split" })
        let split = try #require(try world.store.undoableSplit(lead: id))
        let phonesBefore = try #require(try world.store.lead(id)).phones.map(\.normalized)
        let chatsBefore = try world.store.chats(lead: id).count
        #expect(split.id == conflict.id)
        let leadsAfterSplit = try world.store.leads(LeadFilter(limit: 100)).count
        app.press(.escape, .character("U"))
        guard case .confirm(let undo)? = app.state.modals.last else {
            Issue.record("U did not offer to undo the split")
            return
        }
        #expect(undo.dialog.question.string.contains("Undo the split of conflict #\(conflict.id)"))
        app.press(.character("y"))
        #expect(try world.store.leads(LeadFilter(limit: 100)).count == leadsAfterSplit - 1)
        #expect(try world.store.conflict(conflict.id)?.status == "open")
        #expect(try world.store.auditTrail(lead: id).contains { $0.action == "unsplit" && $0.actor == "alice" })
        #expect(
            try #require(try world.store.lead(id)).phones.map(\.normalized) == phonesBefore,
            "the disputed phone went with the split and does not stay on the lead")
        #expect(try world.store.chats(lead: id).count == chatsBefore + 1, "the split-off chat is back")
    }

    @Test func numbersThatLookAlikeButMatchApartAreShownAsMatchingReadsThem() throws {
        let world = try ConsoleWorld()
        try world.visitor("Kim", chat: 1, phone: "+1 646 938-0741", email: "kim@example.com", offset: 1)
        try world.visitor("Kim", chat: 2, phone: "(646) 938-0741", email: "kim@example.com", offset: 2)
        let id = try world.leadID(named: "Kim")
        let app = world.app(size: Size(rows: 48, columns: 160), view: .all)
        app.jump(to: id)
        app.press(.character("c"))
        let text = Self.conflictText(app)
        #expect(text.contains("Matched as  +16469380741 vs +76469380741: different"), "\(text)")
    }

    @Test func noOrEscAtTheSplitQuestionSplitsNothing() throws {
        let world = try ConsoleWorld.populated()
        let id = try world.leadID(named: "Иван Петров")
        let leads = try world.store.leads(LeadFilter(limit: 100)).count
        let app = world.app(size: Size(rows: 48, columns: 160), view: .all)
        app.jump(to: id)
        app.press(.character("c"), .character("4"), .character("n"))
        app.press(.character("4"), .escape)
        app.press(.character("4"), .enter)
        #expect(try world.store.leads(LeadFilter(limit: 100)).count == leads)
        #expect(try world.store.conflicts(lead: id).contains { $0.status == "open" })
    }

    @Test(arguments: StoreEngine.allCases)
    func aDuplicateConflictShowsBothLeadsAndWhichSurvives(engine: StoreEngine) throws {
        let world = try ConsoleWorld(engine: engine)
        try world.visitor("Анна Старая", chat: 1, phone: nil, email: "anna@example.com", offset: 1)
        try world.visitor("Visitor 58426", chat: 2, phone: "+7 916 555-11-22", email: nil, offset: 2)
        try world.visitor("Анна", chat: 3, phone: "+7 916 555-11-22", email: "anna@example.com", offset: 3)
        let older = try world.leadID(named: "Анна Старая")
        let newer = try world.leadID(named: "Visitor 58426")
        let conflict = try #require(try world.store.conflicts(openOnly: true).first { $0.field == "duplicate" })
        let app = world.app(size: Size(rows: 48, columns: 160), view: .all)
        app.jump(to: conflict.leadID)
        app.press(.character("c"))
        let text = Self.conflictText(app)
        #expect(text.contains("#\(older) Анна Старая"), "\(text)")
        #expect(text.contains("#\(newer) Visitor 58426"), "\(text)")
        #expect(text.contains("anna@example.com") && text.contains("+7 916 555-11-22"))
        #expect(text.contains("2  merge: #\(newer) joins #\(older), the older, which stays"), "\(text)")
        app.press(.character("2"))
        #expect(try world.store.detail(newer)?.mergedInto == older)
    }
}

/// The small items of issue 10 and `u` after a split.
@Suite struct SmallConsoleItemsTests {
    @Test(arguments: StoreEngine.allCases)
    func uUndoesTheOperatorsSplitWhenItIsTheLatestChange(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let id = try world.leadID(named: "Иван Петров")
        let app = world.app(size: Size(rows: 48, columns: 160), view: .all)
        app.jump(to: id)
        app.press(.character("c"), .character("4"), .character("y"), .escape)
        let conflict = try #require(try world.store.conflicts(lead: id).first { $0.resolution == "split" })
        app.press(.character("u"))
        #expect(try world.store.conflict(conflict.id)?.status == "open")
        #expect(app.state.notice?.text.string.hasPrefix("Undid: the split of conflict #\(conflict.id)") == true)
    }

    @Test func aRedeliveryIsNotCountedInTheHoursDeliveries() throws {
        let world = try ConsoleWorld()
        let body = Fixtures.object("chat_accepted").setting("chat_id", .number("5")).bytes
        try world.ingest(body, offset: 1)
        try world.ingest(body, offset: 2)
        let health = try world.store.listenerHealth(now: ConsoleWorld.now + 10_000)
        #expect(health.eventsInLastHour == 1)
        #expect(try world.store.events(limit: 10).count == 2, "the redelivery is kept, only not counted")
    }

    @Test func theTimelineStopsOfferingUOnceTheMergeIsUndone() throws {
        let world = try ConsoleWorld.populated()
        let survivor = try world.leadID(named: "plain ascii")
        let absorbed = try world.leadID(named: "Ana 😀 García")
        let merge = try world.store.merge(absorbed, into: survivor, actor: "alice", edit: ContactEdit())
        let app = world.app(size: Size(rows: 48, columns: 160), view: .all)
        app.jump(to: survivor)
        #expect(app.screen(Size(rows: 48, columns: 160)).text.contains("U undoes the last merge"))
        try world.store.unmerge(merge, actor: "alice")
        app.send(.changes([]))
        let after = app.screen(Size(rows: 48, columns: 160)).text
        #expect(after.contains("Merge undone by alice"), "\(after)")
        #expect(!after.contains("U undoes"), "\(after)")
        let second = try world.leadID(named: "王小明")
        let kept = try world.store.merge(absorbed, into: survivor, actor: "alice", edit: ContactEdit())
        let undoneLater = try world.store.merge(second, into: survivor, actor: "alice", edit: ContactEdit())
        try world.store.unmerge(undoneLater, actor: "alice")
        app.send(.changes([]))
        let screen = app.screen(Size(rows: 48, columns: 160)).text
        #expect(kept != undoneLater)
        #expect(screen.contains("U undoes the last merge"), "merge #\(kept) can still be undone:\n\(screen)")
        // Of two merges not undone, only the later is the one U undoes.
        let latest = try world.store.merge(second, into: survivor, actor: "alice", edit: ContactEdit())
        app.send(.changes([]))
        let both = app.screen(Size(rows: 48, columns: 160)).text
        #expect(both.components(separatedBy: "U undoes the last merge").count == 2, "one hint:\n\(both)")
        #expect(
            both.split(separator: "\n").contains { $0.contains("merge #\(latest):") && $0.contains("U undoes") },
            "the hint is on merge #\(latest):\n\(both)")
    }
}
