import CRMCore
import JivoProtocol

/// chat_assigned: the agent linking a chat to a lead.
extension Store {
    /// `assign_to` is the link the agent pasted: one of ours attaches the chat and its visitor
    /// to that lead (an auto-created lead holding nothing else is merged into it); any other
    /// link becomes the lead's crm_link (a conflict if the lead has a different one).
    func assignChat(_ event: WebhookEvent, eventID: Int64, at now: Int64) throws -> (Int64?, Bool) {
        guard let link = event.assignTo else {
            let (lead, created) = try matchOrCreate(event, eventID: eventID, at: now)
            try recordChat(event, lead: lead, at: now)
            return (lead, created)
        }
        if let target = settings.leadID(fromLink: link),
            try database.scalar("SELECT 1 FROM leads WHERE id = ? AND merged_into IS NULL", [.integer(target)]) != nil
        {
            try attachChat(event, to: target, eventID: eventID, at: now)
            return (target, false)
        }
        let (lead, created) = try matchOrCreate(event, eventID: eventID, at: now)
        try recordChat(event, lead: lead, at: now)
        if !SafeLink.isHTTP(link) {
            ingestNotes.append("assign_to is not an http(s) URL: kept on the lead, never sent in a reply")
        }
        let current =
            try database.first("SELECT crm_link FROM leads WHERE id = ?", [.integer(lead)]) { $0.optionalText(0) }
            ?? nil
        if current == nil {
            try database.run("UPDATE leads SET crm_link = ? WHERE id = ?", [.text(link), .integer(lead)])
            try bumpVersion(lead)
            try audit(
                actor: "webhook", lead: lead, action: "fill", field: "crm_link", after: link,
                detail: "from event #\(eventID) (chat_assigned)")
        } else if current != link, let current {
            try openConflict(
                lead: lead, field: .crmLink, current: current, incoming: link, normalized: link,
                otherLead: nil, eventID: eventID, at: now)
        }
        return (lead, created)
    }

    func attachChat(_ event: WebhookEvent, to target: Int64, eventID: Int64, at now: Int64) throws {
        let widget = event.widgetID ?? ""
        let previous = try event.chatID.flatMap { chat in
            try database.scalar(
                "SELECT lead_id FROM chats WHERE widget_id = ? AND chat_id = ?", [.text(widget), .text(chat)])
        }
        if let previous, previous != target {
            try moveLeadContents(from: previous, to: target, chatID: event.chatID, widget: widget, at: now)
        }
        let visitor = visitorData(event)
        try applyVisitor(visitor, to: target, excluding: [], eventID: eventID, at: now)
        try rememberKeys(event, visitor: visitor, lead: target)
        try recordChat(event, lead: target, at: now)
        try touchActivity(target, at: now)
        try audit(
            actor: "webhook", lead: target, action: "attach",
            detail: "chat \(event.chatID ?? "?") linked by the agent (event #\(eventID))")
    }

    /// Moves the chat to `target`; when `source` was created by a webhook and holds nothing
    /// else (no other chats, calls, tasks, notes, fields or operator edits), merges it into
    /// `target`.
    func moveLeadContents(from source: Int64, to target: Int64, chatID: String?, widget: String, at now: Int64)
        throws
    {
        if let chatID {
            try database.run(
                "UPDATE chats SET lead_id = ? WHERE widget_id = ? AND chat_id = ?",
                [.integer(target), .text(widget), .text(chatID)])
        }
        let holdsMore =
            try database.scalar(
                """
                SELECT (SELECT count(*) FROM chats WHERE lead_id = ?1) + (SELECT count(*) FROM calls WHERE lead_id = ?1)
                    + (SELECT count(*) FROM tasks WHERE lead_id = ?1) + (SELECT count(*) FROM notes WHERE lead_id = ?1)
                    + (SELECT count(*) FROM lead_fields WHERE lead_id = ?1)
                    + (SELECT count(*) FROM audit WHERE lead_id = ?1 AND actor != 'webhook')
                    + (SELECT count(*) FROM leads WHERE id = ?1 AND (status != 'unsorted' OR crm_link IS NOT NULL))
                """, [.integer(source)]) ?? 0
        guard holdsMore == 0, let absorbed = try lead(source) else { return }
        let visitor = Visitor(
            name: absorbed.name.isEmpty ? nil : absorbed.name, email: absorbed.emails.first?.value,
            phone: absorbed.phones.first?.value,
            description: absorbed.description.isEmpty ? nil : absorbed.description)
        try database.run("DELETE FROM lead_emails WHERE lead_id = ?", [.integer(source)])
        try database.run("DELETE FROM lead_phones WHERE lead_id = ?", [.integer(source)])
        try database.run("UPDATE lead_keys SET lead_id = ? WHERE lead_id = ?", [.integer(target), .integer(source)])
        try database.run("UPDATE conflicts SET lead_id = ? WHERE lead_id = ?", [.integer(target), .integer(source)])
        try database.run("UPDATE leads SET merged_into = ? WHERE id = ?", [.integer(target), .integer(source)])
        try database.run("DELETE FROM lead_search WHERE rowid = ?", [.integer(source)])
        try applyVisitor(visitor, to: target, excluding: [], eventID: nil, at: now)
        try audit(
            actor: "webhook", lead: target, action: "merge",
            detail: "auto-created lead #\(source) merged in (chat_assigned)")
        try audit(actor: "webhook", lead: source, action: "merged", detail: "merged into lead #\(target)")
    }
}
