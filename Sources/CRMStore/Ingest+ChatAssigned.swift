import CRMCore
import JivoProtocol

/// chat_assigned: the agent linking a chat to a lead.
extension Ingest {
    /// `assign_to` is the link the agent pasted: one of ours (after the crm_link template, or a
    /// lead page link this store signed) attaches the chat and its visitor to that lead (an
    /// auto-created lead holding nothing else is merged into it); any other link becomes the
    /// lead's crm_link as ``CRMLinkPlan`` decides.
    func assignChat(_ event: WebhookEvent, eventID: Int64, at now: Int64) throws -> AppliedEvent {
        guard let link = event.assignTo else {
            let lead = try matchOrCreate(event, eventID: eventID, at: now)
            try recordChat(event, lead: lead.id, at: now)
            return AppliedEvent(lead)
        }
        if let target = try store.settings.leadID(fromLink: link) ?? store.leadID(fromPageLink: link),
            try leads.isLive(target)
        {
            try attachChat(event, to: target, eventID: eventID, at: now)
            return AppliedEvent(MatchedLead(id: target, created: false))
        }
        let lead = try matchOrCreate(event, eventID: eventID, at: now)
        try recordChat(event, lead: lead.id, at: now)
        switch CRMLinkPlan(current: try leads.crmLink(of: lead.id), incoming: link) {
        case .fill(let link):
            try store.leadValues.set(.crmLink, lead: lead.id, to: .text(link))
            try store.bumpVersion(lead.id)
            try store.audit(
                actor: "webhook", lead: lead.id, action: "fill", field: "crm_link", after: link,
                detail: "from event #\(eventID) (chat_assigned)")
        case .dispute(let dispute):
            try store.openConflict(dispute, lead: lead.id, otherLead: nil, eventID: eventID, at: now)
        case .keep:
            break
        }
        return AppliedEvent(
            MatchedLead(id: lead.id, created: lead.created, notes: lead.notes),
            notes: SafeLink.isHTTP(link) ? [] : [.linkNotHTTP])
    }

    /// Attaches the event's chat and visitor to lead `target`.
    func attachChat(_ event: WebhookEvent, to target: Int64, eventID: Int64, at now: Int64) throws {
        let widget = event.widgetID ?? ""
        let previous = try event.chatID.flatMap { chat in try chats.lead(widget: widget, chatID: chat) }
        if let previous, previous != target {
            try moveLeadContents(from: previous, to: target, chatID: event.chatID, widget: widget, at: now)
        }
        let visitor = LeadMatching.visitor(of: event)
        let applied = try store.applyVisitor(visitor, to: target, excluding: [], eventID: eventID, at: now)
        try leads.apply(
            LeadKeysPlan(event: event, visitor: visitor, lead: applied?.lead, known: []), lead: target, touchingAt: now)
        try recordChat(event, lead: target, at: now)
        try store.audit(
            actor: "webhook", lead: target, action: "attach",
            detail: "chat \(event.chatID ?? "?") linked by the agent (event #\(eventID))")
    }

    /// Moves the chat to `target`; when `source` was created by a webhook and holds nothing
    /// else (no other chats, calls, tasks, notes, fields or operator edits), merges it into
    /// `target`.
    func moveLeadContents(from source: Int64, to target: Int64, chatID: String?, widget: String, at now: Int64)
        throws
    {
        if let chatID { try chats.move(widget: widget, chatID: chatID, to: target) }
        guard try !leads.holdsMoreThanWebhookData(source), let absorbed = try store.lead(source) else { return }
        let visitor = Visitor(contactsOf: absorbed)
        try leads.absorb(source, into: target)
        try store.applyVisitor(visitor, to: target, excluding: [], eventID: nil, at: now)
        try store.audit(
            actor: "webhook", lead: target, action: "merge",
            detail: "auto-created lead #\(source) merged in (chat_assigned)")
        try store.audit(actor: "webhook", lead: source, action: "merged", detail: "merged into lead #\(target)")
    }
}
