import CRMCore
import CRMStore
import DisplayText

/// The open lead's chats, calls, tasks, notes and merges in one list, newest first.
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
    }

    /// Every entry of `detail`, newest first (ties keep transcript order reversed).
    static func entries(_ detail: LeadDetail, zone: LocalTime) -> [Entry] {
        let lead = detail.summary.lead
        var entries: [Entry] = []
        for chat in detail.chats {
            for message in chat.messages {
                let isVisitor = message.type == "visitor"
                let agent = chat.agents.first { $0.id == message.agentID }?.name ?? chat.agents.first?.name
                let who = isVisitor ? (lead.name.isEmpty ? "Visitor" : lead.name) : (agent ?? "Agent")
                entries.append(
                    Entry(
                        at: message.timestamp.map { $0 * 1000 } ?? chat.startedAt, who: who, text: message.text,
                        style: isVisitor ? .title : .header))
            }
            if chat.messages.isEmpty, let plain = chat.plainMessages {
                entries.append(Entry(at: chat.startedAt, who: "Chat #\(chat.chatID)", text: plain, style: .header))
            }
        }
        for call in detail.calls {
            let text = [call.type, call.phone, call.status, call.reason].compactMap { $0 }.joined(separator: " · ")
            entries.append(Entry(at: call.startedAt, who: "Call", text: text, style: .warning))
        }
        for task in detail.tasks {
            let kind = task.kind == "call_back" ? "Call-back task" : "Offline message"
            let state = task.status == "done" ? "done" : "due " + zone.short(milliseconds: task.dueAt)
            entries.append(Entry(at: task.createdAt, who: "\(kind) (\(state))", text: task.text, style: .warning))
        }
        for note in detail.notes {
            entries.append(Entry(at: note.at, who: "Note by \(note.author)", text: note.text, style: .marker))
        }
        for entry in detail.audit where ["merge", "merged", "unmerge", "unmerged"].contains(entry.action) {
            let who = (entry.action.hasPrefix("un") ? "Merge undone by " : "Merge by ") + entry.actor
            let hint = entry.action == "merge" ? " (U undoes the last merge)" : ""
            entries.append(Entry(at: entry.at, who: who, text: (entry.detail ?? "") + hint, style: .marker))
        }
        return entries.enumerated().sorted { ($0.element.at, $0.offset) > ($1.element.at, $1.offset) }.map(\.element)
    }

    /// The entries as rows `width` columns wide: a header, then the text wrapped and indented;
    /// only the first `limit` rows, so a frame sanitises and wraps only the part of a long
    /// transcript it can show.
    static func lines(_ detail: LeadDetail, width: Int, zone: LocalTime, limit: Int = .max) -> [StyledLine] {
        var lines: [StyledLine] = []
        for entry in entries(detail, zone: zone) {
            guard lines.count < limit else { break }
            lines.append(StyledLine(ConsoleTime.full(entry.at, zone) + " " + Sanitizer.line(entry.who), entry.style))
            for paragraph in Sanitizer.lines(entry.text) {
                lines += paragraph.wrapped(toWidth: max(1, width - 2)).map { StyledLine("  " + $0) }
            }
        }
        return Array(lines.prefix(limit))
    }

    static func render(_ state: AppState, on canvas: inout some Canvas, in rect: Rect) {
        guard let detail = state.detail else { return }
        let lines = lines(
            detail, width: rect.columns, zone: state.settings.localTime, limit: state.timelineOffset + max(1, rect.rows)
        )
        if lines.isEmpty {
            canvas.drawLines([StyledLine("No chats, calls, tasks or notes yet", .dim)], in: rect, offset: 0)
            return
        }
        canvas.drawLines(lines, in: rect, offset: state.timelineOffset)
    }
}
