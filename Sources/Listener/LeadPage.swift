import CRMCore
import CRMStore
import Foundation
import JivoProtocol

/// The read-only HTML page an agent opens from a reply's crm_link: the lead's name, contacts,
/// manager, status, custom data, open tasks, recent chats and calls, and pending conflicts.
/// Every text is HTML-escaped; the page has no scripts and is served with a Content-Security-
/// Policy that allows nothing but its one inline style sheet (by hash).
enum LeadPage {
    /// The page's style sheet, the only thing the Content-Security-Policy allows.
    static let style = """
        body{font:15px/1.4 system-ui,sans-serif;margin:1.5em;max-width:60em;color:#222}\
        h1{font-size:1.5em;margin:0 0 .3em}h2{font-size:1.1em;margin:1.4em 0 .4em;border-bottom:1px solid #ccc}\
        dt{font-weight:bold}dd{margin:0 0 .5em 1em;white-space:pre-wrap;overflow-wrap:anywhere}\
        li{margin:.2em 0;white-space:pre-wrap;overflow-wrap:anywhere}.muted{color:#666}
        """

    /// The response headers: HTML, a strict Content-Security-Policy, no caching, no referrer,
    /// no framing, no sniffing.
    static var headers: [(name: String, value: String)] {
        let hash = Data(Crypto.sha256(Array(style.utf8))).base64EncodedString()
        return [
            (name: "Content-Type", value: "text/html; charset=utf-8"),
            (
                name: "Content-Security-Policy",
                value: "default-src 'none'; style-src 'sha256-\(hash)'; base-uri 'none'; form-action 'none'; "
                    + "frame-ancestors 'none'"
            ),
            (name: "Cache-Control", value: "no-store"),
            (name: "Referrer-Policy", value: "no-referrer"),
            (name: "X-Content-Type-Options", value: "nosniff"),
            (name: "X-Frame-Options", value: "DENY"),
        ]
    }

    /// How many chats, messages per chat and calls the page lists.
    static let recentChats = 5
    static let recentMessages = 20
    static let recentCalls = 10

    /// The page for `detail`.
    static func html(_ detail: LeadDetail) -> String {
        let lead = detail.summary.lead
        let heading = lead.displayName
        var page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex, nofollow">
            <title>Lead #\(lead.id) · jivocrm</title>
            <style>\(style)</style></head><body>
            <h1 id="name">\(escape(heading))</h1>
            <p class="muted">Lead #\(lead.id) · \(escape(lead.status.label)) · \
            manager: \(escape(lead.manager?.name ?? "none"))</p>

            """
        page += section("Contacts", id: "contacts") {
            definitions([
                ("Email", lead.emails.map(\.value).joined(separator: "\n")),
                ("Phone", lead.phones.map(\.value).joined(separator: "\n")),
                ("Description", lead.description),
                ("City", [lead.city, lead.country].compactMap { $0 }.joined(separator: ", ")),
                ("First page", lead.firstPageURL ?? ""),
            ])
        }
        page += section("Custom data", id: "custom") {
            lead.fields.isEmpty
                ? "<p class=\"muted\">none</p>\n"
                : "<dl>\n"
                    + lead.fields.map { field in
                        "<dt>\(escape(field.title))</dt><dd>"
                            + (field.key.map { "<b>\(escape($0)):</b> " } ?? "")
                            + escape(field.content)
                            + (field.link.map { link in " " + anchor(link) } ?? "") + "</dd>\n"
                    }.joined() + "</dl>\n"
        }
        let openTasks = detail.tasks.filter { $0.status == "open" }
        page += section("Open tasks", id: "tasks") {
            list(openTasks.map { "\(Timestamp.short(milliseconds: $0.dueAt)) UTC · \($0.kind) · \($0.text)" })
        }
        page += section("Pending conflicts", id: "conflicts") {
            list(
                detail.conflicts.filter { $0.status == "open" }.map {
                    "\($0.field): the CRM has “\($0.current)”, JivoChat sent “\($0.incoming)”"
                })
        }
        page += section("Recent chats", id: "chats") {
            let chats = detail.chats.sorted { $0.startedAt > $1.startedAt }.prefix(recentChats)
            guard !chats.isEmpty else { return "<p class=\"muted\">none</p>\n" }
            return chats.map { chat in
                let agents = chat.agents.compactMap { $0.name ?? $0.email }.joined(separator: ", ")
                return "<h3>\(escape(Timestamp.short(milliseconds: chat.startedAt))) UTC"
                    + (agents.isEmpty ? "" : " · \(escape(agents))") + "</h3>\n"
                    + list(chat.messages.suffix(recentMessages).map { "\($0.type): \($0.text)" })
            }.joined()
        }
        page += section("Recent calls", id: "calls") {
            list(
                detail.calls.sorted { $0.startedAt > $1.startedAt }.prefix(recentCalls).map {
                    "\(Timestamp.short(milliseconds: $0.startedAt)) UTC · \($0.type ?? "call") · "
                        + "\($0.phone ?? "") · \($0.status ?? "")"
                })
        }
        page += "</body></html>\n"
        return page
    }

    /// `text` with `&`, `<`, `>`, `"` and `'` as character references, safe in element content
    /// and in quoted attribute values.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            case "\0": escaped += "\u{FFFD}"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    /// A link for http and https addresses (opened without referrer or opener); any other
    /// scheme (`javascript:`, `data:`) is shown as text.
    static func anchor(_ link: String) -> String {
        let lowered = link.lowercased()
        guard lowered.hasPrefix("https://") || lowered.hasPrefix("http://") else { return escape(link) }
        return "<a href=\"\(escape(link))\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">\(escape(link))</a>"
    }

    private static func section(_ title: String, id: String, _ body: () -> String) -> String {
        "<section id=\"\(id)\"><h2>\(title)</h2>\n\(body())</section>\n"
    }

    private static func definitions(_ pairs: [(String, String)]) -> String {
        let shown = pairs.filter { !$0.1.isEmpty }
        guard !shown.isEmpty else { return "<p class=\"muted\">none</p>\n" }
        return "<dl>\n" + shown.map { "<dt>\($0.0)</dt><dd>\(escape($0.1))</dd>\n" }.joined() + "</dl>\n"
    }

    private static func list(_ items: [String]) -> String {
        guard !items.isEmpty else { return "<p class=\"muted\">none</p>\n" }
        return "<ul>\n" + items.map { "<li>\(escape($0))</li>\n" }.joined() + "</ul>\n"
    }
}
