import CRMCore
import DisplayText
import JivoProtocol

/// The open lead's card: contact_info as the next reply sends it, then everything else known.
enum LeadCard {
    static func title(_ state: AppState) -> DisplayLine {
        guard let lead = state.openLead else { return "Lead" }
        return Sanitizer.line("#\(lead.id) \(lead.status.label) v\(lead.version)")
    }

    static func render(_ state: AppState, on canvas: inout some Canvas, in rect: Rect) {
        guard let detail = state.detail, let reply = state.nextReply else {
            canvas.drawLines(
                [StyledLine(state.openLeadID == nil ? "No lead selected" : "Loading…", .dim)], in: rect, offset: 0)
            return
        }
        canvas.drawLines(lines(detail, reply: reply, settings: state.settings), in: rect, offset: state.cardOffset)
    }

    /// After the primary of `count` values: says it is the primary one, when there are others.
    static func primary(of count: Int) -> String { count > 1 ? "  (primary of \(count); C to change)" : "" }

    /// The card's rows: `reply` is the lead's next reply as the store composed it.
    static func lines(_ detail: LeadDetail, reply: ChatReply, settings: CRMSettings) -> [StyledLine] {
        let lead = detail.summary.lead
        var lines: [StyledLine] = [
            StyledLine("Next reply sends", .header),
            labelled("Name", reply.contactInfo.name),
            labelled("Phone", reply.contactInfo.phone + primary(of: lead.phones.count)),
            labelled("Email", reply.contactInfo.email + primary(of: lead.emails.count)),
            labelled("Description", reply.contactInfo.description),
            labelled("crm_link", reply.crmLink ?? "(none)"),
        ]
        for email in lead.emails.dropFirst() { lines.append(labelled("+ email", email.value)) }
        for phone in lead.phones.dropFirst() { lines.append(labelled("+ phone", phone.value)) }
        if detail.summary.openConflicts > 0 {
            lines.append(
                StyledLine(
                    Sanitizer.line("\(detail.summary.openConflicts) open conflict(s): press c to resolve"), .warning))
        }
        if !lead.fields.isEmpty {
            lines.append(StyledLine("Custom fields (F)", .header))
            for field in lead.fields {
                let key = field.key.map { "\($0): " } ?? ""
                let link = field.link.map { " <\($0)>" } ?? ""
                lines.append(
                    StyledLine(
                        Sanitizer.line(field.title).padded(toWidth: 12) + Sanitizer.line(key + field.content + link)))
            }
        }
        lines.append(StyledLine("Lead", .header))
        lines += [
            labelled("Manager", lead.manager.map { "\($0.name) (\($0.login))" } ?? "(none)"),
            labelled("Status", lead.status.label),
            labelled("Source", lead.source),
            labelled("Channel", lead.channel ?? "-"),
            labelled(
                "First page", [lead.firstPageTitle, lead.firstPageURL].compactMap { $0 }.joined(separator: " — ")),
            labelled("UTM", lead.utm.map { "\($0.key)=\($0.value)" }.joined(separator: " ")),
            labelled("Geo", [lead.city, lead.country].compactMap { $0 }.joined(separator: ", ")),
            labelled("user_token", lead.userToken ?? "-"),
            labelled("Title", lead.title),
            StyledLine(
                DisplayLine("Created").padded(toWidth: 12) + ConsoleTime.full(lead.createdAt, settings.localTime)),
            StyledLine(
                DisplayLine("Updated").padded(toWidth: 12) + ConsoleTime.full(lead.updatedAt, settings.localTime)),
        ]
        if let merged = detail.mergedInto {
            lines.append(StyledLine(Sanitizer.line("Merged into #\(merged)"), .warning))
        }
        return lines
    }
}
