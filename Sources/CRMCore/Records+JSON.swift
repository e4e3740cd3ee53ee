import JivoProtocol

extension JSONValue {
    /// A string, or null for nil.
    public static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
    /// An integer.
    public static func int(_ number: Int64) -> JSONValue { .number(String(number)) }
    /// An integer, or null for nil.
    public static func optional(_ number: Int64?) -> JSONValue { number.map(JSONValue.int) ?? .null }
    /// An ISO 8601 time, or null for nil.
    public static func time(_ milliseconds: Int64?) -> JSONValue {
        milliseconds.map { .string(Timestamp.iso8601(milliseconds: $0)) } ?? .null
    }
    /// Pairs as an object of strings.
    public static func pairs(_ pairs: [(key: String, value: String)]) -> JSONValue {
        .object(JSONObject(pairs.map { ($0.key, .string($0.value)) }))
    }
}

extension Manager {
    /// The stable `managers --json` object, also the export's list of managers.
    public var json: JSONValue {
        .object([
            "login": .string(login), "name": .string(name), "default": .bool(isDefault), "active": .bool(isActive),
        ])
    }
}

extension LeadSummary {
    /// The stable `leads --json` object.
    public var json: JSONValue {
        let lead = self.lead
        var object: JSONObject = [
            "id": .int(lead.id), "title": .string(lead.title), "status": .string(lead.status.rawValue),
            "name": .string(lead.name), "email": .optional(lead.emails.first?.value),
            "phone": .optional(lead.phones.first?.value),
            "emails": .array(lead.emails.map { .string($0.value) }),
            "phones": .array(lead.phones.map { .string($0.value) }),
            "description": .string(lead.description), "manager": .optional(lead.manager?.login),
            "crm_link": .optional(lead.crmLink), "source": .string(lead.source),
            "visitor_number": .optional(lead.visitorNumber),
            "open_conflicts": .int(Int64(openConflicts)), "open_tasks": .int(Int64(openTasks)),
            "chats": .int(Int64(chats)),
        ]
        object["channel"] = .optional(lead.channel)
        object["client_id"] = .optional(lead.clientID)
        object["user_token"] = .optional(lead.userToken)
        object["first_page"] = .object(["url": .optional(lead.firstPageURL), "title": .optional(lead.firstPageTitle)])
        object["utm"] = .pairs(lead.utm)
        object["geo"] = .object(["city": .optional(lead.city), "country": .optional(lead.country)])
        object["attributes"] = .pairs(lead.attributes)
        object["version"] = .int(lead.version)
        object["created_at"] = .time(lead.createdAt)
        object["updated_at"] = .time(lead.updatedAt)
        object["last_activity_at"] = .time(lead.lastActivityAt)
        return .object(object)
    }
}

extension ChatRecord {
    /// The chat as JSON, with its messages.
    public var json: JSONValue {
        .object([
            "chat_id": .string(chatID), "widget_id": .string(widgetID), "visitor_name": .optional(visitorName),
            "started_at": .time(startedAt),
            "finished_at": .time(finishedAt), "rate": .optional(rate),
            "blacklisted": blacklisted.map(JSONValue.bool) ?? .null, "invitation": .optional(invitation),
            "agents": .array(
                agents.map {
                    .object(["id": .optional($0.id), "name": .optional($0.name), "email": .optional($0.email)])
                }),
            "messages": .array(
                messages.map {
                    .object([
                        "timestamp": .optional($0.timestamp), "type": .string($0.type),
                        "agent_id": .optional($0.agentID), "text": .string($0.text),
                    ])
                }),
            "plain_messages": .optional(plainMessages),
        ])
    }
}

extension CallRecord {
    /// The call as JSON, with its status history.
    public var json: JSONValue {
        .object([
            "id": .int(id), "type": .optional(type), "phone": .optional(phone), "status": .optional(status),
            "reason": .optional(reason), "record_url": .optional(recordURL), "started_at": .time(startedAt),
            "history": .array(
                history.map {
                    .object(["status": .string($0.status), "at": .time($0.at), "reason": .optional($0.reason)])
                }),
        ])
    }
}

extension TaskRecord {
    /// The stable `tasks --json` object.
    public var json: JSONValue {
        .object([
            "id": .int(id), "lead_id": .int(leadID), "lead_title": .string(leadTitle), "name": .string(leadName),
            "kind": .string(kind),
            "text": .string(text), "assignee": .optional(assignee), "due_at": .time(dueAt),
            "status": .string(status), "created_at": .time(createdAt), "done_at": .time(doneAt),
        ])
    }
}

extension ConflictRecord {
    /// The stable `conflicts --json` object.
    public var json: JSONValue {
        .object([
            "id": .int(id), "lead_id": .int(leadID), "field": .string(field), "current": .string(current),
            "incoming": .string(incoming), "other_lead_id": .optional(otherLeadID), "event_id": .optional(eventID),
            "status": .string(status), "resolution": .optional(resolution), "created_at": .time(createdAt),
            "resolved_at": .time(resolvedAt), "resolved_by": .optional(resolvedBy),
        ])
    }
}

extension AuditEntry {
    /// The audit entry as JSON.
    public var json: JSONValue {
        .object([
            "id": .int(id), "at": .time(at), "actor": .string(actor), "lead_id": .optional(leadID),
            "action": .string(action), "field": .optional(field), "before": .optional(before),
            "after": .optional(after), "detail": .optional(detail),
        ])
    }
}

extension NoteRecord {
    /// The note as JSON.
    public var json: JSONValue {
        .object(["id": .int(id), "at": .time(at), "author": .string(author), "text": .string(text)])
    }
}

extension EventRecord {
    /// The stable `events --json` object.
    public var json: JSONValue {
        .object([
            "id": .int(id), "received_at": .time(receivedAt), "event_name": .string(eventName),
            "chat_id": .optional(chatID), "status": .string(status), "error": .optional(error),
            "lead_id": .optional(leadID), "size": .int(Int64(size)), "note": .optional(note),
        ])
    }
}

extension LeadDetail {
    /// The `show --json` object: the lead's list object plus everything about it.
    public var json: JSONValue {
        guard case .object(var object) = summary.json else { return summary.json }
        object["custom_data"] = .array(
            summary.lead.fields.map {
                .object([
                    "title": .string($0.title), "content": .string($0.content), "link": .optional($0.link),
                    "key": .optional($0.key),
                ])
            })
        object["chats"] = .array(chats.map(\.json))
        object["calls"] = .array(calls.map(\.json))
        object["tasks"] = .array(tasks.map(\.json))
        object["conflicts"] = .array(conflicts.map(\.json))
        object["notes"] = .array(notes.map(\.json))
        object["audit"] = .array(audit.map(\.json))
        object["merged_into"] = .optional(mergedInto)
        return .object(object)
    }
}
