import CRMCore
import JivoProtocol
import DisplayText

/// The open lead's chats, calls, tasks, notes and merges in one list, newest first; a chat is
/// one entry, a header (agent, started, finished, rating, message count) with its messages under
/// it, newest first too.
enum Timeline {
    /// One thing that happened.
    struct Entry {
        /// When, Unix milliseconds.
        var at: Int64
        /// Who or what: a visitor's or agent's name, "Call", "Note by …".
        var who: String
        /// The text (visitor text, raw; sanitised when drawn).
        var text: String
        /// How the header looks.
        var style: Style
        /// A chat's messages, newest first, drawn under its header.
        var messages: [Entry] = []
        /// A header that replaces the time and `who` (a chat's).
        var heading: DisplayLine?
        /// A message that came without a time: `at` only places it (at its chat's start), and
        /// the row shows no time.
        var untimed = false
    }

    /// Every entry of `detail`, newest first (ties keep transcript order reversed).
    static func entries(_ detail: LeadDetail, zone: LocalTime) -> [Entry] {
        let lead = detail.summary.lead
        var entries: [Entry] = []
        for chat in detail.chats {
            var messages: [Entry] = []
            for message in chat.messages {
                let isVisitor = message.type == "visitor"
                messages.append(
                    Entry(
                        at: message.timestamp.map { $0 * 1000 } ?? chat.startedAt,
                        who: author(of: message, in: chat, lead: lead), text: message.text,
                        style: isVisitor ? .title : .header, untimed: message.timestamp == nil))
            }
            if chat.messages.isEmpty, let plain = chat.plainMessages {
                messages.append(Entry(at: chat.startedAt, who: "Transcript", text: plain, style: .header))
            }
            entries.append(
                Entry(
                    at: chat.startedAt, who: "", text: "", style: .marker, messages: messages.reversed(),
                    heading: chatHeader(chat, zone: zone)))
        }
        for call in detail.calls {
            let text = [call.type, call.phone, call.status, call.reason].compactMap { $0 }.joined(separator: " · ")
            entries.append(Entry(at: call.startedAt, who: "Call", text: text, style: .warning))
        }
        for task in detail.tasks {
            let kind =
                switch task.kind {
                case "call_back": "Call-back task"
                case "manual": "Task"
                default: "Offline message"
                }
            let state = task.status == "done" ? "done" : "due " + zone.short(milliseconds: task.dueAt)
            entries.append(Entry(at: task.createdAt, who: "\(kind) (\(state))", text: task.text, style: .warning))
        }
        for note in detail.notes {
            entries.append(Entry(at: note.at, who: "Note by \(note.author)", text: note.text, style: .marker))
        }
        // U undoes the latest merge into this lead not undone yet ("merge #3: …", undone by a
        // later "merge #3 undone: …"); a webhook's merge of an auto-created lead has no number.
        let undoable = detail.audit.last { entry in
            guard entry.action == "merge", let text = entry.detail, text.hasPrefix("merge #") else { return false }
            let number = text.prefix { $0 != ":" }
            return !detail.audit.contains {
                $0.action == "unmerge" && $0.id > entry.id && $0.detail?.hasPrefix(number + " undone") == true
            }
        }
        for entry in detail.audit where ["merge", "merged", "unmerge", "unmerged"].contains(entry.action) {
            let who = (entry.action.hasPrefix("un") ? "Merge undone by " : "Merge by ") + entry.actor
            let hint = entry.id == undoable?.id ? " (U undoes the last merge)" : ""
            entries.append(Entry(at: entry.at, who: who, text: (entry.detail ?? "") + hint, style: .marker))
        }
        return entries.enumerated().sorted { ($0.element.at, $0.offset) > ($1.element.at, $1.offset) }.map(\.element)
    }

    /// Who wrote `message` of `chat` on `lead`'s timeline: the visitor by the name they gave in
    /// this chat (a chat a merge brought over was another person's, and a lead renamed since
    /// keeps what was said then), an agent by name, anything else by the type JivoChat gave it
    /// (`system`; `unknown` when it gave none), as `jivocrm show` names them.
    private static func author(of message: ChatMessage, in chat: ChatRecord, lead: Lead) -> String {
        switch message.type {
        case "visitor": chat.visitorName ?? (lead.name.isEmpty ? "Visitor" : lead.name)
        case "agent": chat.agents.first { $0.id == message.agentID }?.name ?? chat.agents.first?.name ?? "Agent"
        default: message.type
        }
    }

    /// `2023-11-14 22:13–22:20 Chat #101 · Thomas Anderson · rated positive · 3 messages`
    /// (`… 22:13, open` while it is not finished).
    static func chatHeader(_ chat: ChatRecord, zone: LocalTime) -> DisplayLine {
        let agents = chat.agents.compactMap(\.name).filter { !$0.isEmpty }
        var parts = ["Chat #\(chat.chatID)", agents.isEmpty ? "no agent" : agents.joined(separator: ", ")]
        if let rate = chat.rate { parts.append("rated \(rate)") }
        parts.append(chat.messages.count == 1 ? "1 message" : "\(chat.messages.count) messages")
        let span =
            chat.finishedAt.map { ConsoleTime.span(chat.startedAt, $0, zone) } ?? ConsoleTime.full(chat.startedAt, zone)
            + ", open"
        return span + " " + Sanitizer.line(parts.joined(separator: " · "))
    }

    /// The entries as rows `width` columns wide: a header, then the text wrapped and indented
    /// (a chat's messages each with their own time and author); only the first `limit` rows, so
    /// a frame sanitises and wraps only the part of a long transcript it can show. Text rows
    /// that contain `highlight` (ignoring case) are marked.
    static func lines(
        _ detail: LeadDetail, width: Int, zone: LocalTime, limit: Int = .max, highlight: String? = nil
    ) -> [StyledLine] {
        var lines: [StyledLine] = []
        let needle = highlight?.lowercased()
        func text(_ raw: String, indent: Int) {
            let hit = needle.map { !$0.isEmpty && raw.lowercased().contains($0) } ?? false
            // Blank lines around the text are dropped and a run of them inside is one: a message
            // of forty line breaks took forty rows.
            var blank = true
            for paragraph in Sanitizer.lines(raw.trimmingWhitespace) {
                let isBlank = paragraph.string.allSatisfy(\.isWhitespace)
                if isBlank && blank { continue }
                blank = isBlank
                lines += paragraph.wrapped(toWidth: max(1, width - indent)).map {
                    StyledLine(.spaces(indent) + $0, hit ? .selected : .normal)
                }
            }
        }
        for entry in entries(detail, zone: zone) {
            guard lines.count < limit else { break }
            lines.append(
                StyledLine(
                    entry.heading ?? ConsoleTime.full(entry.at, zone) + " " + Sanitizer.line(entry.who), entry.style))
            text(entry.text, indent: 2)
            for message in entry.messages {
                guard lines.count < limit else { break }
                lines.append(
                    StyledLine(
                        "  " + (message.untimed ? "--:--" : ConsoleTime.clock(message.at, zone)) + " "
                            + Sanitizer.line(message.who), message.style))
                text(message.text, indent: 4)
            }
        }
        return Array(lines.prefix(limit))
    }

    /// The first row of `detail`'s timeline that holds `search`, if any.
    static func firstHit(_ detail: LeadDetail, search: String, width: Int, zone: LocalTime) -> Int? {
        lines(detail, width: width, zone: zone, highlight: search).firstIndex { $0.style == .selected }
    }

    static func render(_ state: AppState, on canvas: inout some Canvas, in rect: Rect) {
        guard let detail = state.detail else { return }
        let lines = lines(
            detail, width: rect.columns, zone: state.settings.localTime,
            limit: state.timelineOffset + max(1, rect.rows),
            highlight: state.query.search)
        if lines.isEmpty {
            canvas.drawLines([StyledLine("No chats, calls, tasks or notes yet", .dim)], in: rect, offset: 0)
            return
        }
        canvas.drawLines(lines, in: rect, offset: state.timelineOffset)
    }
}
