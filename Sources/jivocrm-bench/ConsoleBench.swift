import CRMStore
import Console

/// The console at scale, measured headlessly: the real ``ConsoleApp`` (its update loop and the
/// store effects it runs on its own connection) over a large store, each frame drawn into a
/// ``GridCanvas`` of a tall terminal after every key, as ``TerminalSession`` draws it; only
/// ncurses is left out. Every time is from the key (or from opening the store) to the frame
/// drawn.
///
/// Measures the first screen (open the store, run the console's first reads, draw the
/// Unsorted tab), page-down in the All tab (each opens the newly selected lead, and the list
/// reads its next page as the selection nears the end), searching names, phones, emails and
/// transcript text (Enter on `/query`: the hits read, counted when they fill a page, and
/// drawn), opening the lead with the long transcript (moving the selection onto it, and
/// Enter on it), and pasting 500, 3,000 and 10,000 characters into a note; and the Conflicts tab
/// (from the All tab, to its list drawn).
enum ConsoleBench {
    /// A tall terminal.
    static let size = Size(rows: 48, columns: 160)
    /// Page-downs timed after the first screen.
    static let pages = 30
    /// Times each search and each way of opening the lead is done (the median is reported).
    static let repeats = 5

    /// Milliseconds per measure, as `key value` pairs in a stable order.
    static func run(path: String, longTranscriptLead: Int64) throws -> [(String, Double)] {
        let started = BenchClock.now()
        try Store.checkPrivate(path: path)
        let store = try Store(path: path)
        var console = HeadlessConsole(
            ConsoleApp(
                store: store,
                state: AppState(size: size, operatorName: "bench", now: store.clock(), settings: store.settings)))
        console.draw()
        var results: [(String, Double)] = [("first_screen_ms", (BenchClock.now() - started) * 1000)]
        guard !console.app.state.leads.isEmpty else { throw BenchError.emptyFirstScreen }

        console.press(.character("3"))  // the All tab: the long transcript's lead is the newest
        let pageDowns = (0..<pages).map { _ in console.timed(.pageDown) }
        results.append(("page_down_p50_ms", Percentiles(pageDowns).value(50)))
        results.append(("page_down_p99_ms", Percentiles(pageDowns).value(99)))
        guard console.app.state.leads.count > 2 * console.app.state.pageSize else {
            throw BenchError.noFurtherPages
        }
        // The Conflicts tab and back: the seeded store has no open conflict, so a list that
        // walked the leads testing each for one would read them all.
        let conflictTabs = try (0..<repeats).map { _ in
            let milliseconds = console.timed(.character("4"))
            guard console.app.state.query.tab == .conflicts else { throw BenchError.tabNotShown("Conflicts") }
            console.press(.character("3"))
            return milliseconds
        }
        results.append(("conflicts_tab_ms", Percentiles(conflictTabs).value(50)))

        let probe = try store.database.scalar("SELECT max(id) / 2 FROM leads WHERE name != ''") ?? 1
        let searches = [
            "name": BenchBodies.seededName(Int(probe)),
            "phone": "+79" + String(repeating: "0", count: max(0, 9 - String(probe).count)) + String(probe),
            "email": "visitor\(probe)@example.com",
            "transcript": "доставка заказа \(probe)?",
        ]
        var all: [Double] = []
        for kind in ["name", "phone", "email", "transcript"] {
            let samples = try (0..<repeats).map { _ in
                let milliseconds = console.timedSearch(searches[kind] ?? "")
                guard console.app.state.leads.contains(where: { $0.lead.id == probe }),
                    console.canvas.text.contains(BenchBodies.seededName(Int(probe)))
                else { throw BenchError.searchMissedLead(kind: kind, lead: probe) }
                return milliseconds
            }
            all += samples
            results.append(("search_\(kind)_ms", Percentiles(samples).value(50)))
        }
        results.append(("search_p50_ms", Percentiles(all).value(50)))
        results.append(("search_max_ms", Percentiles(all).value(100)))
        // Broad searches: a word in a third of the names, a word in a quarter of the messages.
        var broad: [Double] = []
        for (kind, text) in [("name", "Maria"), ("transcript", "доставка")] {
            let samples = try (0..<repeats).map { _ in
                let milliseconds = console.timedSearch(text)
                guard console.app.state.leads.count >= console.app.state.pageSize else {
                    throw BenchError.searchUnfilledPage(kind: kind, text: text)
                }
                return milliseconds
            }
            broad += samples
            results.append(("search_broad_\(kind)_ms", Percentiles(samples).value(50)))
        }
        results.append(("search_broad_max_ms", Percentiles(broad).value(100)))

        console.press(.escape)  // clears the search
        console.press(.home)
        guard console.app.state.list.selectedID == longTranscriptLead else {
            throw BenchError.leadNotOnTop(lead: longTranscriptLead)
        }
        // Selecting the lead (down, then timed up) and opening it (escape, then timed Enter).
        for (name, away, back) in [("select_lead_ms", Key.down, Key.up), ("open_lead_ms", .escape, .enter)] {
            let samples = try (0..<repeats).map { _ in
                console.press(away)
                let milliseconds = console.timed(back)
                try expectTranscript(console, lead: longTranscriptLead)
                return milliseconds
            }
            results.append((name, Percentiles(samples).value(50)))
        }
        for length in pasteLengths {
            let samples = try (0..<repeats).map { _ in try timedPaste(&console, length: length) }
            results.append(("paste_\(length)_ms", Percentiles(samples).value(50)))
        }
        return results
    }

    /// The lengths of the pastes timed into the note form.
    static let pasteLengths = [500, 3_000, 10_000]

    /// Opens the note form, then times a bracketed paste of `length` characters (lines of text
    /// with newlines, as a terminal sends it) from the terminal's input (through an
    /// ``InputAssembler``, as ``TerminalSession`` reads it) to the frame that shows it; then
    /// cancels the form. Throws unless the whole paste is in the note field.
    private static func timedPaste(_ console: inout HeadlessConsole, length: Int) throws -> Double {
        console.press(.character("i"))
        let line = "Called the client about the order, 3jjj q d s m. "
        let text = String(String(repeating: line + "\n", count: length / line.count + 1).prefix(length))
        let inputs: [InputAssembler.Input] =
            [.pasteStart] + text.map { $0 == "\n" ? .key(.enter) : .key(.character($0)) } + [.pasteEnd]
        let started = BenchClock.now()
        var assembler = InputAssembler()
        for key in assembler.assemble(inputs, now: 0) { _ = console.app.handle(.key(key)) }
        console.draw()
        let milliseconds = (BenchClock.now() - started) * 1000
        guard case .form(let modal)? = console.app.state.modals.last,
            modal.form.values.first?.count == length
        else { throw BenchError.pasteLost(length: length) }
        console.press(.escape)
        return milliseconds
    }

    /// Throws unless lead `lead` is open with a long transcript whose newest message is drawn.
    private static func expectTranscript(_ console: HeadlessConsole, lead: Int64) throws {
        guard let detail = console.app.state.detail, detail.summary.lead.id == lead,
            let long = detail.chats.first(where: { $0.messages.count >= 1000 }),
            let newest = long.messages.max(by: { ($0.timestamp ?? 0) < ($1.timestamp ?? 0) }),
            console.canvas.text.contains(String(newest.text.prefix(20)))
        else { throw BenchError.transcriptNotShown(lead: lead) }
    }
}

/// A ``ConsoleApp`` driven like ``TerminalSession`` drives it, without a terminal: each key is
/// handled (with the store effects it leads to), then the whole screen is drawn again.
struct HeadlessConsole {
    /// The console.
    let app: ConsoleApp
    /// The screen as last drawn.
    private(set) var canvas: GridCanvas

    /// Drives `app` on a screen of its state's size.
    init(_ app: ConsoleApp) {
        self.app = app
        canvas = GridCanvas(size: app.state.size)
    }

    /// Draws the screen from the state.
    mutating func draw() {
        canvas.clear()
        app.render(on: &canvas)
    }

    /// Presses `key` and draws the frame that follows.
    mutating func press(_ key: Key) {
        _ = app.handle(.key(key))
        draw()
    }

    /// Types `text`, a frame per character.
    mutating func type(_ text: String) {
        for character in text { press(.character(character)) }
    }

    /// Clears any search, types `/` and `text`, and returns the milliseconds from Enter to the
    /// hits drawn.
    mutating func timedSearch(_ text: String) -> Double {
        press(.escape)
        press(.character("/"))
        type(text)
        return timed(.enter)
    }

    /// Presses `key`; returns the milliseconds until its frame was drawn.
    mutating func timed(_ key: Key) -> Double {
        let started = BenchClock.now()
        press(key)
        return (BenchClock.now() - started) * 1000
    }
}
