import CRMCore
import JivoProtocol

/// The SQL of one lead's read models: its summary (the lead and its counts) and its detail
/// (chats, calls, tasks, conflicts, notes and audit trail).
struct LeadDetailRepository {
    /// The connection.
    let database: Database

    /// Lead `id` with its counts.
    func summary(_ id: Int64) throws -> LeadSummary? {
        try summaries([id]).first
    }

    /// The leads of `ids` that exist, in that order, with their counts, read in a handful of
    /// statements (``LeadLoader/leads(_:)``): a page of the list.
    func summaries(_ ids: [Int64]) throws -> [LeadSummary] {
        let leads = try LeadLoader(database: database).leads(ids)
        guard !leads.isEmpty else { return [] }
        var counts: [Int64: (Int, Int, Int, Int)] = [:]
        for (id, count) in try database.rows(
            """
            SELECT l.id, (SELECT count(*) FROM conflicts WHERE lead_id = l.id AND status = 'open'),
                   (SELECT count(*) FROM tasks WHERE lead_id = l.id AND status = 'open'),
                   (SELECT count(*) FROM chats WHERE lead_id = l.id),
                   (SELECT count(*) FROM chats WHERE lead_id = l.id AND unread = 1)
            FROM leads l WHERE l.id IN (\(Store.idsIn(postgres: database.isPostgres)))
            """, [.text(Store.jsonArray(ids))],
            { ($0.int(0), (Int($0.int(1)), Int($0.int(2)), Int($0.int(3)), Int($0.int(4)))) })
        {
            counts[id] = count
        }
        return ids.compactMap { id in
            leads[id].map { lead in
                let count = counts[id] ?? (0, 0, 0, 0)
                return LeadSummary(
                    lead: lead, openConflicts: count.0, openTasks: count.1, chats: count.2, unreadChats: count.3)
            }
        }
    }

    /// Everything about lead `id`, read in one snapshot; nil if there is no such lead.
    func detail(_ id: Int64) throws -> LeadDetail? {
        try database.read {
            guard let summary = try summary(id) else { return nil }
            let mergedInto =
                try database.first("SELECT merged_into FROM leads WHERE id = ?", [.integer(id)]) { $0.optionalInt(0) }
                ?? nil
            return LeadDetail(
                summary: summary, chats: try chats(lead: id), calls: try calls(lead: id),
                tasks: try TaskListRepository(database: database).tasks(lead: id),
                conflicts: try ConflictListRepository(database: database).conflicts(lead: id),
                notes: try notes(lead: id), audit: try AuditLog(database: database).trail(lead: id),
                mergedInto: mergedInto)
        }
    }

    /// The lead's chats, newest first, with agents and messages.
    func chats(lead: Int64) throws -> [ChatRecord] {
        let chats = try database.rows(
            """
            SELECT id, chat_id, widget_id, started_at, finished_at, rate, blacklisted, invitation,
                plain_messages, unread, visitor_name FROM chats WHERE lead_id = ? ORDER BY started_at DESC, id DESC
            """, [.integer(lead)]
        ) { row in
            ChatRecord(
                id: row.int(0), chatID: row.text(1), widgetID: row.text(2), startedAt: row.int(3),
                finishedAt: row.optionalInt(4), rate: row.optionalText(5),
                blacklisted: row.optionalInt(6).map { $0 != 0 }, invitation: row.optionalText(7),
                plainMessages: row.optionalText(8), agents: [], messages: [], unread: row.int(9) != 0,
                visitorName: row.optionalText(10))
        }
        return try chats.map { chat in
            var chat = chat
            chat.agents = try database.rows(
                // By agent id, as SQLite's key gives them: PostgreSQL's heap order would list them
                // otherwise, so the same chat read differently on each engine.
                "SELECT agent_id, name, email FROM chat_agents WHERE chat_id = ? ORDER BY agent_id", [.integer(chat.id)]
            ) { Agent(id: $0.text(0), name: $0.optionalText(1), email: $0.optionalText(2)) }
            chat.messages = try database.rows(
                "SELECT timestamp, type, agent_id, text FROM messages WHERE chat_id = ? ORDER BY id",
                [.integer(chat.id)]
            ) {
                ChatMessage(
                    timestamp: $0.optionalInt(0), type: $0.text(1), agentID: $0.optionalText(2), text: $0.text(3))
            }
            return chat
        }
    }

    /// The lead's calls with their status history, newest first.
    func calls(lead: Int64) throws -> [CallRecord] {
        try database.rows(
            "SELECT id, type, phone, status, reason, record_url, started_at FROM calls "
                + "WHERE lead_id = ? ORDER BY started_at DESC, id DESC", [.integer(lead)]
        ) { row in
            CallRecord(
                id: row.int(0), type: row.optionalText(1), phone: row.optionalText(2),
                status: row.optionalText(3), reason: row.optionalText(4),
                recordURL: row.optionalText(5), startedAt: row.int(6), history: [])
        }.map { call in
            var call = call
            call.history = try database.rows(
                "SELECT status, at, reason FROM call_statuses WHERE call_id = ? ORDER BY at, status",
                [.integer(call.id)]
            ) { CallStatusRecord(status: $0.text(0), at: $0.int(1), reason: $0.optionalText(2)) }
            return call
        }
    }

    /// Notes of one lead, newest first.
    func notes(lead: Int64) throws -> [NoteRecord] {
        try database.rows(
            "SELECT id, at, author, text FROM notes WHERE lead_id = ? ORDER BY at DESC, id DESC", [.integer(lead)]
        ) { NoteRecord(id: $0.int(0), at: $0.int(1), author: $0.text(2), text: $0.text(3)) }
    }
}
