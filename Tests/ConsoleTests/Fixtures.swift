import Console
import DisplayText

/// Visitor-supplied names, including hostile and wide ones.
let visitorNames: [String] = [
    "Иван Петров",
    "王小明",
    "Ana 😀 García",
    "\u{1b}[2J\u{1b}]0;pwned\u{07}Mallory",
    "\u{202E}nimda\u{202C} Eve",
    "O'Brien\r\nSecond line",
    "\u{9b}31mRed\u{9b}0m Bob",
    String(repeating: "Очень-длинное-имя-", count: 20),
    "👨\u{200D}👩\u{200D}👧 family",
    "tab\tseparated",
    "Zoë e\u{0301}",
    "plain ascii",
]

/// Visitor messages for the timeline.
let visitorMessages: [String] = [
    "Здравствуйте! Хочу узнать цену на доставку в Казань.",
    "\u{1b}]52;c;cm0gLXJmIH4=\u{07}please call me back \u{1b}[5A\u{1b}[K",
    "我想了解价格。请尽快联系我。谢谢！",
    "Emoji 😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀 end",
]

/// The demo application keymap, as the real console would declare one.
enum DemoCommand: Sendable, Hashable {
    case help, search, edit, quit
}

let demoKeymap = Keymap<DemoCommand>(
    title: "Leads",
    [
        KeyBinding([.character("?"), .function(1)], .help, help: "Show this help", hint: "help"),
        KeyBinding([.character("/")], .search, help: "Search leads", hint: "search"),
        KeyBinding([.character("e")], .edit, help: "Edit the selected lead", hint: "edit"),
        KeyBinding([.character("q"), .control("c")], .quit, help: "Quit", hint: "quit"),
    ])

/// Draws a full console screen from widgets, each pane under its own clip rect.
func renderDemoScreen(size: Size, focus: Pane = .list, selectedName: Int = 3) -> GridCanvas {
    var canvas = GridCanvas(size: size)
    let layout = Layout(size: size, focus: focus)
    canvas.clip = Rect(size: size)
    layout.drawFrames(on: &canvas, titles: [.list: "Leads", .card: "Card", .timeline: "Timeline"], focus: focus)
    if let area = layout.content(of: .list) {
        canvas.clip = area
        var list = ListState(ids: Array(visitorNames.indices), pageSize: area.rows)
        list.select(id: selectedName)
        for (line, index) in list.visibleRange.enumerated() {
            let name = Sanitizer.line(visitorNames[index])
            canvas.drawFitted(
                name, at: Point(row: area.top + line, column: area.left), width: area.columns,
                style: index == list.selection ? .selected : .normal)
        }
    }
    if let area = layout.content(of: .card) {
        canvas.clip = area
        let rows: [(DisplayLine, String)] = [
            ("Name", visitorNames[selectedName]), ("Phone", "+7 900 000-00-00"), ("Email", "ivan@example.com"),
        ]
        for (line, (label, value)) in rows.enumerated() where line < area.rows {
            canvas.draw(label, at: Point(row: area.top + line, column: area.left), width: 8, style: .header)
            canvas.draw(
                Sanitizer.line(value).truncated(toWidth: area.columns - 8),
                at: Point(row: area.top + line, column: area.left + 8), width: area.columns - 8, style: .normal)
        }
    }
    if let area = layout.content(of: .timeline) {
        canvas.clip = area
        let lines = visitorMessages.flatMap { Sanitizer.line($0).wrapped(toWidth: area.columns) }
        for (line, text) in lines.prefix(area.rows).enumerated() {
            canvas.draw(text, at: Point(row: area.top + line, column: area.left), width: area.columns, style: .normal)
        }
    }
    canvas.clip = layout.status
    StatusLine(message: "3 new leads", hints: demoKeymap.statusHints).render(on: &canvas, in: layout.status)
    canvas.clip = Rect(size: size)
    return canvas
}
