import CRMCore
import CRMStore
import Console
import DisplayText
import Foundation
import Synchronization
import Testing
import TestSupport

/// Pure tests of the console state, keymaps and update, plus flows over a real store.
@Suite struct ConsoleStateTests {
    private static func summary(_ id: Int64, activity: Int64) -> LeadSummary {
        var lead = Lead(id: id, title: "Lead \(id)", createdAt: activity)
        lead.name = "Visitor \(id)"
        lead.lastActivityAt = activity
        return LeadSummary(lead: lead, openConflicts: 0, openTasks: 0, chats: 1, unreadChats: 0)
    }

    private static func state(leads: Int) -> AppState {
        var state = AppState(size: Size(rows: 24, columns: 80), operatorName: "alice", now: 0)
        let page = (1...Int64(leads)).reversed().map { summary($0, activity: $0 * 1000) }
        _ = state.update(.leadsLoaded(page, append: false, filter: state.leadFilter))
        return state
    }

    @Test func keymapsHaveNoUnreachableBindings() {
        for keymap in [AppKeymaps.list, AppKeymaps.lead, AppKeymaps.tasks] {
            let combined = Keymap(title: "combined", AppKeymaps.global.bindings + keymap.bindings)
            #expect(combined.conflicts.isEmpty, "\(keymap.title): \(combined.conflicts)")
        }
        #expect(ConflictModal.keymap.conflicts.isEmpty)
        #expect(MergeModal.keymap.conflicts.isEmpty)
        #expect(FieldsModal.keymap.conflicts.isEmpty)
        let helpKeys = AppKeymaps.helpSections.flatMap(\.entries).map(\.keys.string)
        #expect(helpKeys.contains("e"))
        #expect(helpKeys.contains("/"))
    }

    @Test func firstLoadOpensTheFirstLeadAndPagesFromTheStore() {
        var state = AppState(size: Size(rows: 24, columns: 80), operatorName: "alice", now: 0)
        #expect(state.initialEffects.contains(.loadLeads(LeadFilter(status: .unsorted, limit: 100), append: false)))
        let effects = state.update(
            .leadsLoaded(
                [Self.summary(7, activity: 7)], append: false, filter: LeadFilter(status: .unsorted, limit: 100)))
        #expect(state.openLeadID == 7)
        #expect(effects == [.loadDetail(7, markRead: false)])
        #expect(!state.hasMoreLeads)
    }

    @Test func movingNearTheEndAsksForTheNextKeysetPage() {
        var state = Self.state(leads: 100)
        #expect(state.hasMoreLeads)
        var effects: [Effect] = []
        for _ in 0..<90 { effects += state.update(.key(.character("j"))) }
        let pages = effects.compactMap { effect -> LeadFilter? in
            if case .loadLeads(let filter, true) = effect { return filter }
            return nil
        }
        #expect(pages.count == 1)
        #expect(pages.first?.after == 1)
        #expect(pages.first?.limit == 100)
    }

    @Test(arguments: StoreEngine.allCases)
    func newLeadsKeepTheSelectionScreenRowAndHalfTypedForm(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let app = world.app()
        app.press(.character("j"), .character("j"))
        let selected = app.state.list.selectedID
        let offset = app.state.list.offset
        app.press(.character("e"))
        app.type("X")
        let created = try world.visitor("Новый Гость", chat: 200, phone: "+79990001122", email: nil, offset: 60)
        app.send(.changes([ChangeNote(eventName: "chat_accepted", leadID: created.leadID, created: true)]))
        #expect(app.state.leads.first?.lead.name == "Новый Гость")
        #expect(app.state.list.selectedID == selected)
        #expect(app.state.list.offset == offset)
        #expect(app.state.notice?.text.string == "New lead from Новый Гость")
        guard case .form(let form)? = app.state.modals.last else {
            Issue.record("the form closed")
            return
        }
        #expect(form.form.values[0].hasSuffix("X"))
    }

    @Test(arguments: StoreEngine.allCases)
    func contactEditCarriesOnlyChangedFields(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let app = world.app()
        let lead = try #require(app.state.openLead)
        var state = app.state
        _ = state.update(.key(.character("e")))
        _ = state.update(.key(.tab))
        _ = state.update(.key(.control("u")))
        for character in "+7 916 000-00-00" { _ = state.update(.key(.character(character))) }
        let effects = state.update(.key(.enter))
        #expect(
            effects == [
                .saveContact(lead: lead.id, ContactEdit(phone: "+7 916 000-00-00"), expectedVersion: lead.version)
            ])
    }

    @Test func interruptAsksOnlyWhenAFormIsDirty() {
        var clean = Self.state(leads: 1)
        _ = clean.update(.interrupt)
        #expect(clean.quitRequested)

        var dirty = Self.state(leads: 1)
        _ = dirty.update(.command(.note))
        _ = dirty.update(.key(.character("x")))
        _ = dirty.update(.interrupt)
        #expect(!dirty.quitRequested)
        guard case .confirmQuit? = dirty.modals.last else {
            Issue.record("no confirmation")
            return
        }
        _ = dirty.update(.key(.character("n")))
        guard case .form? = dirty.modals.last else {
            Issue.record("the form was lost")
            return
        }
        _ = dirty.update(.interrupt)
        _ = dirty.update(.key(.character("y")))
        #expect(dirty.quitRequested)
    }

    @Test func searchFiltersTheListAndEscapeClearsIt() {
        var state = Self.state(leads: 3)
        _ = state.update(.key(.character("/")))
        for character in "916" { _ = state.update(.key(.character(character))) }
        let effects = state.update(.key(.enter))
        #expect(state.query.search == "916")
        let filter = LeadFilter(search: "916", limit: 100)
        #expect(effects == [.loadLeads(filter, append: false)])
        let page = [Self.summary(3, activity: 3000), Self.summary(1, activity: 1000)]
        #expect(state.update(.leadsLoaded(page, append: false, filter: filter)).isEmpty)
        #expect(state.searchHits == 2, "a first page that is not full holds every hit")
        #expect(
            state.update(.leadsLoaded(page, append: false, filter: LeadFilter(search: "916", limit: 2))) == [
                .countHits(filter)
            ])
        _ = state.update(.hitsCounted(250, search: "916"))
        #expect(state.searchHits == 250)
        #expect(state.update(.leadsLoaded([], append: true, filter: filter)).isEmpty)
        #expect(state.searchHits == 250)
        let cleared = state.update(.key(.escape))
        #expect(state.query.search == nil)
        #expect(state.searchHits == nil)
        #expect(cleared == [.loadLeads(LeadFilter(status: .unsorted, limit: 100), append: false)])
    }

    @Test func theLastSearchIsOfferedSelectedTypingReplacesItAndEditingKeysKeepIt() {
        var state = Self.state(leads: 3)
        _ = state.update(.key(.character("/")))
        for character in "916" { _ = state.update(.key(.character(character))) }
        _ = state.update(.key(.enter))
        _ = state.update(.key(.character("/")))
        for character in "ivan" { _ = state.update(.key(.character(character))) }
        #expect(Self.searchLine(state) == "ivan", "typing replaced the last search")
        _ = state.update(.key(.escape))
        _ = state.update(.key(.character("/")))
        _ = state.update(.key(.backspace))
        _ = state.update(.key(.character("7")))
        #expect(Self.searchLine(state) == "917", "an editing key keeps the last search to edit")
        _ = state.update(.key(.escape))
        _ = state.update(.key(.character("#")))
        for character in "42" { _ = state.update(.key(.character(character))) }
        #expect(Self.searchLine(state) == "#42")
    }

    /// The text of the open search line, nil when none is open.
    private static func searchLine(_ state: AppState) -> String? {
        guard case .search(let modal)? = state.modals.last else { return nil }
        return modal.editor.text
    }

    @Test func aSearchTooBroadToCountSaysHowManyAreLoadedAndThatThereAreMore() {
        var state = Self.state(leads: 3)
        _ = state.update(.key(.character("/")))
        for character in "916" { _ = state.update(.key(.character(character))) }
        _ = state.update(.key(.enter))
        let filter = LeadFilter(search: "916", limit: 100)
        let page = [Self.summary(3, activity: 3000), Self.summary(2, activity: 2000)]
        #expect(
            state.update(.leadsLoaded(page, append: false, filter: LeadFilter(search: "916", limit: 2))) == [
                .countHits(filter)
            ])
        _ = state.update(.hitsCounted(nil, search: "916"))
        #expect(state.searchHits == nil)
        _ = state.update(.key(.character("n")))
        #expect(state.notice?.text == "hit 2 of 2+")
    }

    @Test func transientMessagesExpireByThemselvesAfterAFewSeconds() {
        var state = Self.state(leads: 1)
        state.now = 10_000
        _ = state.update(.announced("New chat from Tom"))
        #expect(state.noticeExpiresAt == 15_000)
        state.now = 14_999
        _ = state.update(.tick)
        #expect(state.notice?.text == "New chat from Tom")
        state.now = 15_000
        _ = state.update(.tick)
        #expect(state.notice == nil)
        #expect(state.noticeExpiresAt == nil)
        _ = state.update(.failed(.contact, "the phone is not a phone"))
        state.now = 29_999
        _ = state.update(.tick)
        #expect(state.notice?.style == .error)
        state.now = 30_000
        _ = state.update(.tick)
        #expect(state.notice == nil)
    }

    @Test func theConsoleAsksToBeWokenWhenItsMessageExpiresAndToReadTheListenersHealthAgain() throws {
        let world = try ConsoleWorld()
        let app = world.app()
        #expect(app.wakeAfter == Int(AppState.countsRefreshInterval))
        world.store.clock = { ConsoleWorld.now + 2_000 }
        app.send(.announced("New chat from Tom"))
        #expect(app.wakeAfter == 3_000, "the status line's refresh comes before the message expires")
        world.store.clock = { ConsoleWorld.now + 5_000 }
        #expect(app.wakeAfter == 0)
        _ = app.handle(.tick)
        #expect(app.state.countsLoadedAt == ConsoleWorld.now + 5_000)
        #expect(app.wakeAfter == 2_000, "then the message's expiry")
        world.store.clock = { ConsoleWorld.now + 7_000 }
        _ = app.handle(.tick)
        #expect(app.state.notice == nil)
        #expect(app.wakeAfter == 3_000)
    }

    @Test func aListenerErrorShowsOnTheStatusLineWithoutAKeyPress() throws {
        let world = try ConsoleWorld()
        let failure = Mutex<String?>(nil)
        let app = ConsoleApp(
            store: world.store,
            state: AppState(size: Size(rows: 24, columns: 80), operatorName: "alice", now: ConsoleWorld.now),
            listenerInfo: {
                ListenerInfo(
                    embedded: true, listening: true, webhookURL: "http://127.0.0.1:8080/jivo/t",
                    lastError: failure.withLock { $0 })
            })
        #expect(!app.screen(Size(rows: 24, columns: 80)).text.contains("listener error"))
        failure.withLock { $0 = "disk I/O error\u{1b}[2J" }
        _ = app.handle(.tick)
        var canvas = GridCanvas(size: Size(rows: 24, columns: 80))
        app.render(on: &canvas)
        let screen = canvas.text
        #expect(screen.contains("listener error: disk I/O error"), "\(screen)")
        #expect(!screen.contains("\u{1b}"))
    }

    /// The listener writes through its own connection; the console's reads (a scroll, a search,
    /// a redraw) hold only a WAL snapshot, so webhooks commit while the console reads, without
    /// waiting (a writer that had to wait would fail here: its busy timeout is zero).
    @Test func webhooksCommitWhileTheConsoleReads() throws {
        let world = try ConsoleWorld.populated()
        let app = world.app()
        let before = app.state.leads.count
        let listener = try Store(path: world.directory.file("crm.sqlite"))
        try listener.database.execute("PRAGMA busy_timeout = 0")
        try world.store.database.read {
            let seen = try world.store.leads(LeadFilter(limit: 1000)).count
            for chat in 0..<20 {
                let body = Fixtures.object("chat_accepted")
                    .setting("chat_id", .number(String(900 + chat)))
                    .setting("visitor.name", .string("Reader Test \(chat)"))
                    .setting("visitor.phone", .string("+1408555\(String(format: "%04d", chat))"))
                    .setting("visitor.email", .string("reader\(chat)@example.com"))
                    .setting("visitor.number", .string("r\(chat)"))
                try listener.database.write {
                    _ = try listener.ingest(body: body.bytes, receivedAt: ConsoleWorld.now + 100_000)
                }
            }
            #expect(
                try world.store.leads(LeadFilter(limit: 1000)).count == seen, "the console's snapshot moved under it")
        }
        app.press(.character("j"))
        app.send(.changes([ChangeNote(eventName: "chat_accepted", leadID: nil, created: true)]))
        #expect(app.state.leads.count == before + 20)
    }

    @Test func nAndShiftNJumpBetweenHitsWrappingAndSayWhichHit() {
        var state = Self.state(leads: 3)
        _ = state.update(.key(.character("n")))
        #expect(state.notice?.text == "No search yet: press / to search")
        _ = state.update(.key(.character("/")))
        for character in "916" { _ = state.update(.key(.character(character))) }
        _ = state.update(.key(.enter))
        _ = state.update(.hitsCounted(3, search: "916"))
        let first = state.list.selection
        #expect(first == 0)
        let opened = state.update(.key(.character("n")))
        #expect(state.list.selection == 1)
        #expect(state.notice?.text == "hit 2 of 3")
        #expect(opened == [.loadDetail(state.list.selectedID ?? -1, markRead: false)])
        _ = state.update(.key(.character("n")))
        _ = state.update(.key(.character("n")))
        #expect(state.list.selection == 0)
        #expect(state.notice?.text == "hit 1 of 3, wrapped to the top")
        _ = state.update(.key(.character("N")))
        #expect(state.list.selection == 2)
        #expect(state.notice?.text == "hit 3 of 3, wrapped to the bottom")
        _ = state.update(.key(.character("N")))
        #expect(state.list.selection == 1)
        #expect(state.notice?.text == "hit 2 of 3")
    }

    @Test func nWaitsAtTheLastLoadedHitWhileMoreHitsAreLoading() {
        var state = Self.state(leads: 3)
        state.query.search = "916"
        state.hasMoreLeads = true
        state.searchHits = 250
        let effects = state.update(.key(.character("N")))
        #expect(state.list.selection == 2)
        #expect(state.notice?.text == "hit 3 of 250, wrapped to the bottom")
        #expect(effects.contains { if case .loadLeads(_, append: true) = $0 { true } else { false } })
        _ = state.update(.key(.character("n")))
        #expect(state.list.selection == 2)
        #expect(state.notice?.text == "hit 3 of 250")
    }

    @Test func mineViewUsesTheOperatorsManagerLogin() {
        var state = Self.state(leads: 1)
        _ = state.update(
            .managersLoaded([Manager(id: 1, login: "alice@example.com", name: "Alice", isDefault: true, isActive: true)]
            ))
        #expect(state.operatorLogin == "alice@example.com")
        let effects = state.update(.key(.character("5")))
        #expect(effects == [.loadLeads(LeadFilter(managerLogin: "alice@example.com", limit: 100), append: false)])
    }

    @Test func layoutKeepsTwoStatusRowsAndSplitsFrom80x24() {
        let split = Layout(size: Size(rows: 24, columns: 80), focus: .list, statusRows: 2)
        #expect(split.mode == .split)
        #expect(split.status == Rect(row: 22, column: 0, rows: 2, columns: 80))
        #expect(split.frames[.list]?.bottom == 22)
        let reduced = Layout(size: Size(rows: 20, columns: 60), focus: .timeline, statusRows: 2)
        #expect(reduced.mode == .single)
        #expect(reduced.frames.keys.map { $0 } == [.timeline])
    }

    @Test func webhookURLTokenIsShortened() {
        let info = ListenerInfo(webhookURL: "http://127.0.0.1:8080/jivo/AbCdEfGhIjKlMnOpQrSt")
        #expect(info.shortURL == "http://127.0.0.1:8080/jivo/AbCd…QrSt")
    }

    @Test(arguments: StoreEngine.allCases)
    func staleEditNeverOverwritesSilentlyAndOverwriteKeepsTheirOtherChanges(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let id = try world.leadID(named: "plain ascii")
        let app = world.app()
        app.press(.character("g"))
        while app.state.list.selectedID != id { app.press(.character("j")) }
        app.press(.character("e"), .tab, .control("u"))
        app.type("+1 408 555 0111")
        try world.store.edit(id, ContactEdit(name: "Plain Renamed", phone: "+1 408 555 0199"), actor: "webhook")
        app.press(.enter)
        guard case .stale? = app.state.modals.last else {
            Issue.record("no stale prompt")
            return
        }
        #expect(try world.store.lead(id)?.primaryPhone == "+1 408 555 0199")
        app.press(.character("o"))
        let lead = try #require(try world.store.lead(id))
        #expect(lead.primaryPhone == "+1 408 555 0111")
        #expect(lead.name == "Plain Renamed")
        #expect(app.state.modals.isEmpty)
    }

    @Test(arguments: StoreEngine.allCases)
    func actionsWriteThroughTheStore(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let id = try world.leadID(named: "Иван Петров")
        let app = world.app()
        #expect(app.state.openLeadID == id)
        app.press(.character("a"))
        app.type("bob")
        app.press(.enter)
        #expect(try world.store.lead(id)?.manager?.login == "bob@example.com")
        app.press(.character("s"), .enter)
        #expect(try world.store.lead(id)?.status == .open)
        app.press(.character("i"))
        app.type("called, no answer")
        app.press(.enter)
        #expect(try world.store.notes(lead: id).first?.text == "called, no answer")
        app.press(.character("c"), .character("2"))
        #expect(try world.store.conflicts(lead: id).allSatisfy { $0.status == "resolved" })
        #expect(try world.store.lead(id)?.primaryPhone == "+79160000000")
        app.press(.character("F"), .character("a"))
        app.type("Plan")
        app.press(.tab)
        app.type("Gold")
        app.press(.enter)
        app.press(.character("a"))
        app.type("Budget")
        app.press(.tab)
        app.type("100")
        app.press(.enter, .character("j"), .character("K"))
        #expect(try world.store.lead(id)?.fields.map(\.title) == ["Budget", "Plan"])
        app.press(.character("d"), .escape)
        #expect(try world.store.lead(id)?.fields.map(\.title) == ["Plan"])
        app.press(.character("t"), .character("d"))
        #expect(try world.store.tasks(openOnly: true).isEmpty)
        #expect(try world.store.auditTrail(lead: id).contains { $0.actor == "alice" })
    }

    @Test(arguments: StoreEngine.allCases)
    func mergeKeepsTheChosenValues(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let survivor = try world.leadID(named: "plain ascii")
        let absorbed = try world.leadID(named: "Ana 😀 García")
        let app = world.app()
        app.press(.character("g"))
        while app.state.list.selectedID != survivor { app.press(.character("j")) }
        app.press(.character("m"))
        app.type("ana")
        app.press(.enter)
        app.press(.right, .enter)
        let lead = try #require(try world.store.lead(survivor))
        #expect(lead.name == "Ana 😀 García")
        #expect(lead.emails.map(\.value).contains("ana@example.es"))
        #expect(try world.store.detail(absorbed)?.mergedInto == survivor)
        // The operator chose the name in the dialog: no conflict asks again about it.
        #expect(try world.store.conflicts(lead: survivor).filter { $0.status == "open" }.map(\.field) == [])
    }

    @Test(
        "an email or phone taken from the other lead in the merge dialog comes first, the survivor's own stays",
        arguments: StoreEngine.allCases)
    func takingTheOtherLeadsContactInTheMergeDialogKeepsBoth(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let survivor = try world.leadID(named: "plain ascii")
        let absorbed = try world.visitor(
            "Pat", chat: 200, phone: "+14085550177", email: "pat@example.com", offset: 40
        ).leadID
        let app = world.app()
        app.merge(try #require(absorbed), into: survivor)
        guard case .merge(let merge)? = app.state.modals.last else {
            Issue.record("no merge dialog")
            return
        }
        #expect(merge.rows.map(\.field) == [.name, .phone, .email])
        app.press(.right, .character("j"), .right, .character("j"), .right, .enter)
        let lead = try #require(try world.store.lead(survivor))
        #expect(lead.name == "Pat")
        #expect(lead.phones.map(\.value) == ["+14085550177", "+14085550100"])
        #expect(lead.emails.map(\.value) == ["pat@example.com", "plain@example.com"])
    }

    @Test(
        "a lead changed while the merge dialog was open is shown again, not written over with the values chosen on it",
        arguments: StoreEngine.allCases)
    func aLeadChangedWhileTheMergeDialogWasOpenIsShownAgain(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let survivor = try world.leadID(named: "plain ascii")
        let absorbed = try #require(
            try world.visitor("Pat", chat: 200, phone: "+14085550177", email: "pat@example.com", offset: 40).leadID)
        let app = world.app()
        app.merge(absorbed, into: survivor)
        app.press(.right)
        // Another operator renames the survivor while the dialog is open.
        try Store(path: world.address).edit(survivor, ContactEdit(name: "Plain VIP"), actor: "bob")
        app.press(.enter)
        #expect(try world.store.detail(absorbed)?.mergedInto == nil, "nothing was merged on the old values")
        #expect(try world.store.lead(survivor)?.name == "Plain VIP")
        guard case .merge(let merge)? = app.state.modals.last else {
            Issue.record("the merge dialog closed")
            return
        }
        #expect(app.state.modals.filter { if case .merge = $0 { true } else { false } }.count == 1)
        #expect(merge.rows.first?.survivorValue == "Plain VIP")
        #expect(
            merge.error?.string == "Lead #\(survivor) changed while this dialog was open; its values are shown again")
        app.press(.enter)
        #expect(try world.store.detail(absorbed)?.mergedInto == survivor)
        #expect(try world.store.lead(survivor)?.name == "Plain VIP")
    }

    @Test func theMergeDialogOffersNoChoiceOfAnEmailOrPhoneOneLeadLacks() throws {
        let world = try ConsoleWorld.populated()
        let survivor = try world.leadID(named: "plain ascii")
        let absorbed = try world.leadID(named: "Ana 😀 García")
        let modal = MergeModal(
            survivor: try #require(try world.store.lead(survivor)),
            absorbed: try #require(try world.store.lead(absorbed)))
        // Ana has no phone: both leads' phones are kept, so there is nothing to choose.
        #expect(modal.rows.map(\.field) == [.name, .email])
    }

    @Test("a name kept in the merge dialog opens no conflict about the name not taken", arguments: StoreEngine.allCases)
    func aValueKeptInTheMergeDialogOpensNoConflict(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let survivor = try world.leadID(named: "plain ascii")
        let absorbed = try world.leadID(named: "Ana 😀 García")
        let app = world.app()
        app.jump(to: survivor)
        app.press(.character("m"))
        app.type("#\(absorbed)")
        app.press(.enter, .enter)
        #expect(try world.store.detail(absorbed)?.mergedInto == survivor)
        #expect(try world.store.lead(survivor)?.name == "plain ascii")
        #expect(try world.store.conflicts(lead: survivor).filter { $0.status == "open" }.map(\.field) == [])
        // A merge from a shell, where nobody chose, still leaves the name not kept as a conflict.
        _ = try world.store.unmerge(try #require(try world.store.merges(lead: survivor).first?.id), actor: "alice")
        try world.store.merge(absorbed, into: survivor, actor: "alice")
        #expect(try world.store.conflicts(lead: survivor).filter { $0.status == "open" }.map(\.field) == ["name"])
    }

    @Test(
        "a name conflict no chat came with (a merge's) offers no split: there is nobody to split off",
        arguments: StoreEngine.allCases)
    func aNameConflictWithoutAChatOffersNoSplit(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let survivor = try world.leadID(named: "plain ascii")
        let absorbed = try world.leadID(named: "Ana 😀 García")
        try world.store.merge(absorbed, into: survivor, actor: "alice")
        let leads = try world.store.leadCount(LeadFilter())
        let conflict = try #require(try world.store.conflicts(lead: survivor).first { $0.status == "open" })
        #expect(conflict.field == "name" && conflict.eventID == nil)
        let refusal = try #require(throws: CRMError.self) { try world.store.resolve(conflict.id, .split, actor: "bob") }
        #expect(
            refusal.message
                == "conflict #\(conflict.id) came with no chat (a merge, an import or an offline message opened it): "
                + "there is nothing to split off but the name; keep the current name or take the incoming one")
        let app = world.app(size: Size(rows: 30, columns: 120))
        app.jump(to: survivor)
        app.press(.character("c"))
        let screen = app.screen(Size(rows: 30, columns: 120)).text
        #expect(screen.contains("2  take Ana 😀 García instead"), "\(screen)")
        #expect(!screen.contains("4  split"), "\(screen)")
        app.press(.character("4"))
        if case .confirm? = app.state.modals.last { Issue.record("a split was offered to confirm") }
        let explained = app.screen(Size(rows: 30, columns: 120)).text
        #expect(explained.contains("No chat came with this name"), "\(explained)")
        #expect(explained.contains("1 keeps,") && explained.contains("2 takes"), "read in full:\n\(explained)")
        #expect(try world.store.leadCount(LeadFilter()) == leads)
        #expect(try world.store.conflict(conflict.id)?.status == "open")
    }

    @Test(
        "a name conflict an offline message brought offers no split either: no chat would go to the new lead",
        arguments: StoreEngine.allCases)
    func aNameConflictFromAnOfflineMessageOffersNoSplit(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let lead = try world.leadID(named: "plain ascii")
        var offline = Fixtures.object("offline_message")
            .setting("visitor.name", .string("Someone Else"))
            .setting("visitor.email", .string("plain@example.com"))
            .setting("visitor.phone", nil)
            .setting("visitor.number", .string("v900"))
        offline["user_token"] = nil
        try world.ingest(offline.bytes, offset: 50)
        let conflict = try #require(try world.store.conflicts(lead: lead).first { $0.status == "open" })
        #expect(conflict.field == "name" && conflict.eventID != nil)
        let refusal = try #require(throws: CRMError.self) { try world.store.resolve(conflict.id, .split, actor: "bob") }
        #expect(refusal.message.contains("there is nothing to split off but the name"))
        let app = world.app(size: Size(rows: 30, columns: 120))
        app.jump(to: lead)
        app.press(.character("c"))
        #expect(!app.screen(Size(rows: 30, columns: 120)).text.contains("4  split"))
    }

    @Test func theMergeChooserTakesALeadByNumberWhenTheListHasNoOther() throws {
        let world = try ConsoleWorld.populated()
        let survivor = try world.leadID(named: "plain ascii")
        let absorbed = try world.leadID(named: "Ana 😀 García")
        let app = world.app(size: Size(rows: 24, columns: 100))
        app.jump(to: survivor)
        #expect(app.state.list.ids == [survivor])
        app.press(.character("m"))
        let screen = app.screen(Size(rows: 24, columns: 100)).text
        #expect(screen.contains("Merge which lead into #\(survivor)?"), "the chooser is drawn:\n\(screen)")
        #expect(screen.contains("no lead in this list; type #number"), "\(screen)")
        app.type("#\(absorbed)")
        app.press(.enter)
        guard case .merge? = app.state.modals.last else {
            Issue.record("no merge dialog for #\(absorbed): \(String(describing: app.state.modals.last))")
            return
        }
        app.press(.enter)
        #expect(try world.store.detail(absorbed)?.mergedInto == survivor)
    }

    @Test(arguments: StoreEngine.allCases)
    func aMergedLeadsNumberShowsTheLeadItWasMergedIntoAndCannotBeMergedAgain(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let survivor = try world.leadID(named: "plain ascii")
        let absorbed = try world.leadID(named: "Ana 😀 García")
        try world.store.merge(absorbed, into: survivor, actor: "bob")
        let app = world.app()
        app.jump(to: absorbed)
        #expect(app.state.list.ids == [survivor])
        let other = try world.leadID(named: "Иван Петров")
        app.merge(absorbed, into: other)
        if case .merge? = app.state.modals.last { Issue.record("a merge dialog opened for a merged lead") }
        #expect(
            app.state.notice?.text.string
                == "Lead #\(absorbed) was merged into lead #\(survivor); merge lead #\(survivor) instead")
    }

    @Test func theInboxSaysItListsTheNewestAndWhenTheHighlightedDeliveryFellOffIt() {
        var state = AppState(size: Size(rows: 24, columns: 120), operatorName: "alice", now: 0)
        _ = state.update(.key(.character("E")))
        func deliveries(newest: Int64) -> [EventRecord] {
            (0..<Int64(AppState.inboxLimit)).map { offset in
                EventRecord(
                    id: newest - offset, receivedAt: 0, eventName: "chat_accepted", chatID: nil, status: "applied",
                    error: nil, leadID: 1, size: 10, note: nil)
            }
        }
        _ = state.update(.inboxLoaded(deliveries(newest: 740)))
        _ = state.update(.key(.character("G")))
        #expect(state.inboxList.selectedID == 241)
        var canvas = GridCanvas(size: state.size)
        state.render(on: &canvas)
        #expect(canvas.text.contains("· newest 500"))
        _ = state.update(.inboxLoaded(deliveries(newest: 745)))
        #expect(
            state.notice?.text.string
                == "Delivery #241 is not among the newest 500 the inbox lists; jivocrm events --limit N lists more")
    }

    @Test func savingTheFormOfALeadMergedMeanwhileSaysWhereItWent() throws {
        let world = try ConsoleWorld.populated()
        let survivor = try world.leadID(named: "plain ascii")
        let absorbed = try world.leadID(named: "Ana 😀 García")
        let app = world.app()
        app.jump(to: absorbed)
        app.press(.character("e"))
        app.type("x")
        try Store(path: world.address).merge(absorbed, into: survivor, actor: "bob")
        app.press(.control("s"))
        if case .stale? = app.state.modals.last { Issue.record("a merge read as someone's edit of the lead") }
        let said = [app.state.notice?.text.string, Self.formError(app)].compactMap { $0 }
        #expect(
            said.contains { $0.contains("lead #\(absorbed) was merged into lead #\(survivor)") }, "\(said)")
    }

    /// The error the open form shows, if any.
    private static func formError(_ app: ConsoleApp) -> String? {
        guard case .form(let modal)? = app.state.modals.last else { return nil }
        return modal.error?.string
    }

    @Test func aNumberTypedInTheMergeChooserHighlightsThatLeadOnly() throws {
        let world = try ConsoleWorld.populated()
        for chat in 200..<215 {
            try world.visitor("Earlier \(chat)", chat: chat, phone: nil, email: "e\(chat)@example.com", offset: 60)
        }
        let survivor = try world.leadID(named: "plain ascii")
        #expect(survivor != 2)
        #expect(try world.store.lead(21) != nil, "leads #20 and #21 hold the characters #2 too")
        let app = world.app(size: Size(rows: 40, columns: 100), view: .all)
        app.jump(to: survivor)
        app.press(.escape, .character("m"))
        app.type("#2")
        guard case .picker(let modal)? = app.state.modals.last else {
            Issue.record("no merge chooser")
            return
        }
        // #2, not also #20 and #21: what Enter takes is the one highlighted.
        #expect(modal.picker.list.ids == ["2"])
        app.press(.enter)
        guard case .merge(let merge)? = app.state.modals.last else {
            Issue.record("no merge dialog")
            return
        }
        #expect(merge.absorbed.id == 2)
    }

    @Test func theMergeChooserSaysSoWhenTheTypedLeadIsNotThere() throws {
        let world = try ConsoleWorld.populated()
        let survivor = try world.leadID(named: "plain ascii")
        let app = world.app()
        app.jump(to: survivor)
        app.press(.character("m"))
        app.type("#99999")
        app.press(.enter)
        #expect(app.state.notice?.text.string == "No lead #99999 to merge")
        app.press(.character("m"))
        app.type("#\(survivor)")
        app.press(.enter)
        #expect(app.state.notice?.text.string == "A lead cannot be merged into itself")
    }

    /// The notice takes both rows of the status bar (at 80 columns those hold 156 of its 159
    /// characters, and the second ends in …).
    @Test(arguments: [100, 120])
    func aNoticeLongerThanItsRowTakesTheStatusBarAndIsReadInFull(columns: Int) {
        var state = AppState(size: Size(rows: 24, columns: columns), operatorName: "alice", now: 0)
        let text =
            "cannot undo operation #7: undoing would overwrite a later change (status of #11 changed to "
            + "Qualified since); the last change was by bob at 2026-12-06 03:23 UTC"
        state.notice = Notice(text: Sanitizer.line(text), style: .error)
        var canvas = GridCanvas(size: state.size)
        state.render(on: &canvas)
        let bottom = canvas.text.split(separator: "\n", omittingEmptySubsequences: false).suffix(2).joined()
        #expect(
            bottom.filter { $0 != " " }.contains(text.filter { $0 != " " }),
            "the status bar:\n\(canvas.text.split(separator: "\n").suffix(2).joined(separator: "\n"))")
    }

    @Test func aShortNoticeKeepsTheHintsAndTheListenerRow() {
        var state = AppState(size: Size(rows: 24, columns: 120), operatorName: "alice", now: 0)
        state.notice = Notice(text: "Saved", style: .statusBar)
        var canvas = GridCanvas(size: state.size)
        state.render(on: &canvas)
        let rows = canvas.text.split(separator: "\n", omittingEmptySubsequences: false).suffix(2)
        #expect(rows.last?.contains("Saved") == true)
        #expect(rows.last?.contains("? help") == true, "\(rows.joined(separator: "\n"))")
    }

    /// `lead` with its version and update time zeroed, to compare contents.
    private static func unversioned(_ lead: Lead?) -> Lead? {
        guard var lead else { return nil }
        lead.version = 0
        lead.updatedAt = 0
        return lead
    }

    @Test(arguments: StoreEngine.allCases)
    func uUndoesTheMergeAfterAConfirmation(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let survivor = try world.leadID(named: "plain ascii")
        let absorbed = try world.leadID(named: "Ana 😀 García")
        let survivorBefore = try #require(try world.store.lead(survivor))
        let absorbedBefore = try #require(try world.store.lead(absorbed))
        let chatsBefore = try world.store.chats(lead: absorbed).map(\.id)
        let app = world.app()
        app.press(.character("g"))
        while app.state.list.selectedID != survivor { app.press(.character("j")) }
        app.press(.character("U"))
        #expect(app.state.notice?.text == Sanitizer.line("No merge into lead #\(survivor) to undo"))
        app.press(.character("m"))
        app.type("ana")
        app.press(.enter)
        app.press(.right, .enter)
        #expect(try world.store.detail(absorbed)?.mergedInto == survivor)
        #expect(app.screen(Size(rows: 48, columns: 160)).text.contains("U undoes the last merge"))
        app.press(.character("U"))
        guard case .confirm? = app.state.modals.last else {
            Issue.record("U did not ask for a confirmation")
            return
        }
        app.press(.character("n"))
        #expect(try world.store.detail(absorbed)?.mergedInto == survivor)
        app.press(.character("U"), .character("y"))
        #expect(app.state.modals.isEmpty)
        #expect(Self.unversioned(try world.store.lead(survivor)) == Self.unversioned(survivorBefore))
        #expect(Self.unversioned(try world.store.lead(absorbed)) == Self.unversioned(absorbedBefore))
        #expect(try world.store.chats(lead: absorbed).map(\.id) == chatsBefore)
        #expect(try world.store.detail(absorbed)?.mergedInto == nil)
        #expect(app.state.notice?.text.description.hasPrefix("Undid merge #") == true)
    }

    @Test(arguments: StoreEngine.allCases)
    func anUnmergeSaysWhatItKeptItself(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let survivor = try world.leadID(named: "plain ascii")
        let absorbed = try world.leadID(named: "Ana 😀 García")
        let merge = try world.store.merge(absorbed, into: survivor, actor: "alice")
        try world.store.changeContacts(survivor, .email, .add("later@example.com"), actor: "alice")
        let app = world.app()
        app.jump(to: survivor)
        app.press(.character("U"), .character("y"))
        #expect(try world.store.detail(absorbed)?.mergedInto == nil)
        let said = app.state.messages.last?.text.description ?? ""
        #expect(
            said.hasPrefix(
                "Undid merge #\(merge): lead #\(absorbed) is back; kept: email later@example.com stays on lead "
                    + "#\(survivor) (added after the merge)"), "\(said)")
        #expect(!said.contains("see the audit"))
    }

    @Test(arguments: StoreEngine.allCases)
    func aMergeThatCannotBeUndoneIsSaidBeforeTheConfirmation(engine: StoreEngine) throws {
        let world = try ConsoleWorld.populated(engine: engine)
        let survivor = try world.leadID(named: "plain ascii")
        let absorbed = try world.leadID(named: "Ana 😀 García")
        let merge = try world.store.merge(absorbed, into: survivor, actor: "alice")
        // Another operator removes the email the merge brought.
        let emails = try #require(try world.store.lead(survivor)).emails.map(\.value)
        let brought = try #require(emails.firstIndex(of: "ana@example.es"))
        try Store(path: world.address).changeContacts(survivor, .email, .remove(brought), actor: "bob")
        let app = world.app()
        app.jump(to: survivor)
        app.press(.character("U"))
        if case .confirm? = app.state.modals.last { Issue.record("U asked to confirm an undo the store refuses") }
        #expect(
            app.state.notice?.text.string.contains(
                "merge #\(merge) cannot be undone safely: an email the merge brought to lead #\(survivor) was removed since"
            )
                == true, "\(String(describing: app.state.notice))")
        #expect(try world.store.detail(absorbed)?.mergedInto == survivor)
    }
}

/// The console on a large store reads one page, never every lead.
@Suite struct ConsoleLargeStoreTests {
    @Test func startsOnAHundredThousandLeadsWithOnePageAndPagesOnDemand() throws {
        let world = try ConsoleWorld()
        try world.store.database.run(
            """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
            INSERT INTO leads(title, name, created_at, updated_at, last_activity_at)
            SELECT 'JivoChat #' || i, 'Visitor ' || i, i, i, i FROM n
            """)
        let app = world.app()
        #expect(app.state.counts.leads == 100_000)
        #expect(app.state.leads.count == 100)
        #expect(app.state.leads.first?.lead.name == "Visitor 100000")
        app.press(.character("G"))
        #expect(app.state.leads.count == 200)
        #expect(app.state.leads.last?.lead.name == "Visitor 99801")
        #expect(app.state.list.selectedID == app.state.leads[99].lead.id)
    }
}
