import CRMCore
import JivoProtocol

extension Store {
    /// Leads matching `filter`, newest activity first, a page at a time (keyset pagination on
    /// an index, so a page costs the same on any store size), read in one snapshot.
    public func leads(_ filter: LeadFilter = LeadFilter()) throws -> [LeadSummary] {
        var (conditions, values, _) = try leadConditions(filter)
        let order = Self.order(filter.sort, postgres: database.isPostgres)
        if let after = filter.after {
            // The key of the previous page's last row, read back by its id.
            conditions.append(
                "(\(order.key), l.id) \(order.ascending ? ">" : "<") "
                    + "((SELECT \(order.key) FROM leads l WHERE l.id = ?), ?)")
            values += [.integer(after), .integer(after)]
        }
        values.append(.integer(Int64(filter.limit)))
        let direction = order.ascending ? "ASC" : "DESC"
        return try database.read {
            let ids = try database.rows(
                "SELECT l.id FROM leads l WHERE \(conditions.joined(separator: " AND ")) "
                    + "ORDER BY \(order.key) \(direction), l.id \(direction) LIMIT ?", values
            ) { $0.int(0) }
            return try ids.compactMap(summary)
        }
    }

    /// The sort key of `sort` as an SQL expression on `leads l` (each has an index), and its
    /// direction; on PostgreSQL the name is compared lowercased, as its index holds it.
    private static func order(_ sort: LeadSort, postgres: Bool) -> (key: String, ascending: Bool) {
        switch sort {
        case .activity: ("l.last_activity_at", false)
        case .created: ("l.created_at", false)
        case .name where postgres: ("lower(CASE WHEN l.name = '' THEN l.title ELSE l.name END)", true)
        case .name: ("(CASE WHEN l.name = '' THEN l.title ELSE l.name END) COLLATE NOCASE", true)
        case .due:
            ("(SELECT min(t.due_at) FROM tasks t WHERE t.lead_id = l.id AND t.status = 'open')", true)
        }
    }

    /// How many leads `filter` selects in all (its limit and position ignored); nil for a broad
    /// search (``broadSearchHits``), whose count would read every hit while the first page of
    /// it takes a few hundred leads.
    public func leadCount(_ filter: LeadFilter) throws -> Int? {
        let (conditions, values, broad) = try leadConditions(filter)
        if broad { return nil }
        return Int(
            try database.scalar("SELECT count(*) FROM leads l WHERE \(conditions.joined(separator: " AND "))", values)
                ?? 0)
    }

    /// The SQL conditions (on `leads l`) and their values for `filter`'s criteria, and whether
    /// its search is broad (``broadSearchHits``).
    private func leadConditions(_ filter: LeadFilter) throws -> ([String], [SQLValue], Bool) {
        var conditions = ["l.merged_into IS NULL"]
        var values: [SQLValue] = []
        if let status = filter.status {
            conditions.append("l.status = ?")
            values.append(.text(status.rawValue))
        }
        if let login = filter.managerLogin {
            conditions.append("l.manager_id = (SELECT id FROM managers WHERE login = ?)")
            values.append(.text(login))
        }
        if filter.unassigned { conditions.append("l.manager_id IS NULL") }
        if filter.withOpenConflicts {
            conditions.append("EXISTS (SELECT 1 FROM conflicts c WHERE c.lead_id = l.id AND c.status = 'open')")
        }
        if filter.withOpenTasks || filter.sort == .due {
            conditions.append("EXISTS (SELECT 1 FROM tasks t WHERE t.lead_id = l.id AND t.status = 'open')")
        }
        var broad = false
        if let search = filter.search?.trimmingWhitespace, let id = Store.leadNumber(search) {
            conditions.append("l.id = ?")
            values.append(.integer(id))
        } else if let search = filter.search?.trimmingWhitespace, !search.isEmpty {
            try flushSearchBacklog()
            let condition: String
            (condition, broad) = try searchCondition(search, values: &values)
            conditions.append(condition)
        }
        return (conditions, values, broad)
    }

    /// The lead number a search names with `#42` or `:42`, if it is one.
    static func leadNumber(_ search: String) -> Int64? {
        guard let first = search.first, first == "#" || first == ":" else { return nil }
        let digits = search.dropFirst()
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) else { return nil }
        return Int64(digits)
    }

    /// An FTS condition over lead text and transcripts, and whether the search is broad.
    /// Queries shorter than three characters (below the trigram index) fall back to a scan of
    /// names, emails and phones, where `%` and `_` in the query are taken literally and letter
    /// case is ignored in any script.
    private func searchCondition(_ search: String, values: inout [SQLValue]) throws -> (String, Bool) {
        if search.count < 3 {
            // SQLite's LIKE ignores case for ASCII only, so the name is tried in every mix of
            // cases of the (at most two) letters, and each ASCII letter a case gives in either
            // case, as SQLite's LIKE takes it ("ı" is "I", which is "i" too): PostgreSQL's LIKE
            // minds case, and finds the same that way. Emails are stored lowercased.
            var spellings: Set<String> = [""]
            for character in search {
                let cases = [character.lowercased(), character.uppercased()]
                let forms = Set(cases.flatMap(Store.asciiCaseSpellings).map { Store.likeLiteral($0) })
                spellings = Set(spellings.flatMap { prefix in forms.map { prefix + $0 } })
            }
            let names = spellings.sorted()
            let lowered = SQLValue.text("%" + Store.likeLiteral(search.lowercased()) + "%")
            values += names.map { .text("%" + $0 + "%") } + [lowered, lowered]
            let nameMatch = names.map { _ in "l.name LIKE ? ESCAPE '\\'" }.joined(separator: " OR ")
            return (
                """
                (\(nameMatch)
                 OR EXISTS (SELECT 1 FROM lead_emails e WHERE e.lead_id = l.id AND e.normalized LIKE ? ESCAPE '\\')
                 OR EXISTS (SELECT 1 FROM lead_phones p WHERE p.lead_id = l.id AND p.normalized LIKE ? ESCAPE '\\'))
                """, false
            )
        }
        let terms = Store.searchTerms(search, normalizer: settings.normalizer)
        if database.isPostgres { return try postgresSearchCondition(terms, values: &values) }
        let query = Store.searchQuery(terms)
        if let leadHits = try searchHits("lead_search", query),
            let messageHits = try searchHits("message_search", query)
        {
            // Few hits: the ones the probes read are the answer.
            values += [.text(Store.jsonArray(leadHits)), .text(Store.jsonArray(messageHits))]
            return (
                """
                (l.id IN (SELECT value FROM json_each(?))
                 OR l.id IN (SELECT c.lead_id FROM messages m JOIN chats c ON c.id = m.chat_id
                             WHERE m.id IN (SELECT value FROM json_each(?))))
                """, false
            )
        }
        // Many hits: the leads are walked in the list's order and each is looked up in the
        // indexes; a page ends after a few hundred.
        values += [.text(query), .text(query)]
        return (
            """
            (EXISTS (SELECT 1 FROM lead_search WHERE lead_search MATCH ? AND rowid = l.id)
             OR EXISTS (SELECT 1 FROM chats c JOIN messages m ON m.chat_id = c.id WHERE c.lead_id = l.id
                        AND EXISTS (SELECT 1 FROM message_search WHERE message_search MATCH ? AND rowid = m.id)))
            """, true
        )
    }

    /// The rows of the FTS table `table` that `query` matches, or nil when they are at least
    /// ``broadSearchHits`` (reading no more than that many).
    private func searchHits(_ table: String, _ query: String) throws -> [Int64]? {
        let rows = try database.rows(
            "SELECT rowid FROM \(table) WHERE \(table) MATCH ? LIMIT ?",
            [.text(query), .integer(Int64(broadSearchHits))]
        ) { $0.int(0) }
        return rows.count >= broadSearchHits ? nil : rows
    }

    /// The FTS5 query that finds any of `terms`, each as a phrase.
    private static func searchQuery(_ terms: [String]) -> String {
        terms.map { "\"" + $0.replacing("\"", with: "\"\"") + "\"" }.joined(separator: " OR ")
    }

    /// The texts a search of three characters or more looks for (any of them): the text, or a
    /// phone's digits, or the phone as `normalizer` (the store's matching) normalises it.
    static func searchTerms(_ search: String, normalizer: ContactNormalizer) -> [String] {
        // A phone typed with separators ("+7 916 123-45-67") also finds its bare digits. When the
        // digits stand together in the query ("+79161234567"), any text holding the query holds
        // them too, so they are searched alone: digit trigrams are common in a large store, and
        // each phrase over them costs a walk through long posting lists. A query with anything
        // but digits and a phone's separators ("Maria Garcia 500") is not a phone: its digits
        // alone would find every lead whose phone or text holds them. A phone in a national
        // format ("8 (903) 946-82-00", "(646) 938-0741") also finds the number matching takes it
        // for: the index holds each phone's normalised form too.
        let digits = search.filter(\.isASCIIDigit)
        let phoneLike = search.allSatisfy { $0.isASCIIDigit || " +-().".contains($0) }
        if digits.count < 3 || !phoneLike { return [search] }
        var terms = search.contains(digits) ? [digits] : [search, digits]
        if let normalized = normalizer.phone(search)?.filter(\.isASCIIDigit), !normalized.contains(digits) {
            terms.append(normalized)
        }
        return terms
    }

    /// `text` in every mix of cases of its ASCII letters ("Ss": "ss", "sS", "Ss", "SS").
    static func asciiCaseSpellings(_ text: String) -> [String] {
        text.reduce([""]) { spellings, character in
            let forms =
                character.isASCII && character.isLetter
                ? [character.lowercased(), character.uppercased()] : [String(character)]
            return spellings.flatMap { prefix in forms.map { prefix + $0 } }
        }
    }

    /// `text` for a LIKE pattern with `\\` as the escape: `%`, `_` and `\\` match themselves.
    static func likeLiteral(_ text: String) -> String {
        var literal = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { literal.append("\\") }
            literal.append(character)
        }
        return literal
    }

    /// Lead `id` with its counts.
    public func summary(_ id: Int64) throws -> LeadSummary? {
        guard let lead = try lead(id) else { return nil }
        let counts = try database.first(
            """
            SELECT (SELECT count(*) FROM conflicts WHERE lead_id = ?1 AND status = 'open'),
                   (SELECT count(*) FROM tasks WHERE lead_id = ?1 AND status = 'open'),
                   (SELECT count(*) FROM chats WHERE lead_id = ?1),
                   (SELECT count(*) FROM chats WHERE lead_id = ?1 AND unread = 1)
            """, [.integer(id)]
        ) { (Int($0.int(0)), Int($0.int(1)), Int($0.int(2)), Int($0.int(3))) }
        return LeadSummary(
            lead: lead, openConflicts: counts?.0 ?? 0, openTasks: counts?.1 ?? 0,
            chats: counts?.2 ?? 0, unreadChats: counts?.3 ?? 0)
    }

    /// Everything about lead `id`, read in one snapshot; nil if there is no such lead.
    public func detail(_ id: Int64) throws -> LeadDetail? {
        try database.read {
            guard let summary = try summary(id) else { return nil }
            let mergedInto =
                try database.first("SELECT merged_into FROM leads WHERE id = ?", [.integer(id)]) { $0.optionalInt(0) }
                ?? nil
            return LeadDetail(
                summary: summary, chats: try chats(lead: id), calls: try calls(lead: id),
                tasks: try tasks(lead: id), conflicts: try conflicts(lead: id),
                notes: try notes(lead: id), audit: try auditTrail(lead: id), mergedInto: mergedInto)
        }
    }

    /// The lead's chats, newest first, with agents and messages.
    public func chats(lead: Int64) throws -> [ChatRecord] {
        let chats = try database.rows(
            """
            SELECT id, chat_id, widget_id, started_at, finished_at, rate, blacklisted, invitation,
                plain_messages, unread FROM chats WHERE lead_id = ? ORDER BY started_at DESC, id DESC
            """, [.integer(lead)]
        ) { row in
            ChatRecord(
                id: row.int(0), chatID: row.text(1), widgetID: row.text(2), startedAt: row.int(3),
                finishedAt: row.optionalInt(4), rate: row.optionalText(5),
                blacklisted: row.optionalInt(6).map { $0 != 0 }, invitation: row.optionalText(7),
                plainMessages: row.optionalText(8), agents: [], messages: [], unread: row.int(9) != 0)
        }
        return try chats.map { chat in
            var chat = chat
            chat.agents = try database.rows(
                "SELECT agent_id, name, email FROM chat_agents WHERE chat_id = ?", [.integer(chat.id)]
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
    public func calls(lead: Int64) throws -> [CallRecord] {
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

    private static let taskColumns = """
        SELECT t.id, t.lead_id, l.title, t.kind, t.text, m.login, t.due_at, t.status, t.created_at, t.done_at, l.name
        FROM tasks t JOIN leads l ON l.id = t.lead_id LEFT JOIN managers m ON m.id = t.assignee_id
        """

    private static func taskRow(_ row: Statement) -> TaskRecord {
        TaskRecord(
            id: row.int(0), leadID: row.int(1), leadTitle: row.text(2), kind: row.text(3),
            text: row.text(4), assignee: row.optionalText(5), dueAt: row.int(6),
            status: row.text(7), createdAt: row.int(8), doneAt: row.optionalInt(9), leadName: row.text(10))
    }

    /// Tasks of one lead, newest first.
    public func tasks(lead: Int64) throws -> [TaskRecord] {
        try database.rows(
            Store.taskColumns + " WHERE t.lead_id = ? ORDER BY t.created_at DESC, t.id DESC",
            [.integer(lead)], Store.taskRow)
    }

    /// Tasks: open ones by due time (overdue first), then done ones, newest first.
    public func tasks(openOnly: Bool, limit: Int = 1000) throws -> [TaskRecord] {
        try database.rows(
            Store.taskColumns + (openOnly ? " WHERE t.status = 'open'" : "")
                + " ORDER BY t.status = 'done', CASE WHEN t.status = 'open' THEN t.due_at END, t.id DESC LIMIT ?",
            [.integer(Int64(limit))], Store.taskRow)
    }

    private static let conflictColumns = """
        SELECT id, lead_id, field, current, incoming, other_lead_id, event_id, status, resolution,
            created_at, resolved_at, resolved_by FROM conflicts
        """

    private static func conflictRow(_ row: Statement) -> ConflictRecord {
        ConflictRecord(
            id: row.int(0), leadID: row.int(1), field: row.text(2), current: row.text(3),
            incoming: row.text(4), otherLeadID: row.optionalInt(5), eventID: row.optionalInt(6),
            status: row.text(7), resolution: row.optionalText(8), createdAt: row.int(9),
            resolvedAt: row.optionalInt(10), resolvedBy: row.optionalText(11))
    }

    /// Conflicts of one lead, open first.
    public func conflicts(lead: Int64) throws -> [ConflictRecord] {
        try database.rows(
            Store.conflictColumns + " WHERE lead_id = ? ORDER BY status = 'resolved', id",
            [.integer(lead)], Store.conflictRow)
    }

    /// The conflict queue: open conflicts oldest first, or every conflict.
    public func conflicts(openOnly: Bool = true, limit: Int = 1000) throws -> [ConflictRecord] {
        try database.rows(
            Store.conflictColumns + (openOnly ? " WHERE status = 'open'" : "")
                + " ORDER BY status = 'resolved', id LIMIT ?", [.integer(Int64(limit))], Store.conflictRow)
    }

    /// Conflict `id`.
    public func conflict(_ id: Int64) throws -> ConflictRecord? {
        try database.first(Store.conflictColumns + " WHERE id = ?", [.integer(id)], Store.conflictRow)
    }

    /// Notes of one lead, newest first.
    public func notes(lead: Int64) throws -> [NoteRecord] {
        try database.rows(
            "SELECT id, at, author, text FROM notes WHERE lead_id = ? ORDER BY at DESC, id DESC", [.integer(lead)]
        ) { NoteRecord(id: $0.int(0), at: $0.int(1), author: $0.text(2), text: $0.text(3)) }
    }

    /// The audit trail of one lead, oldest first.
    public func auditTrail(lead: Int64) throws -> [AuditEntry] {
        try database.rows(
            "SELECT id, at, actor, lead_id, action, field, before, after, detail FROM audit WHERE lead_id = ? ORDER BY id",
            [.integer(lead)]
        ) { row in
            AuditEntry(
                id: row.int(0), at: row.int(1), actor: row.text(2), leadID: row.optionalInt(3),
                action: row.text(4), field: row.optionalText(5), before: row.optionalText(6),
                after: row.optionalText(7), detail: row.optionalText(8))
        }
    }

    /// The raw inbox, newest first, optionally of one status.
    public func events(status: String? = nil, limit: Int = 1000) throws -> [EventRecord] {
        try database.rows(
            "SELECT id, received_at, event_name, chat_id, status, error, lead_id, length(body), note FROM events "
                + (status == nil ? "" : "WHERE status = ? ") + "ORDER BY id DESC LIMIT ?",
            (status.map { [SQLValue.text($0)] } ?? []) + [.integer(Int64(limit))]
        ) { row in
            EventRecord(
                id: row.int(0), receivedAt: row.int(1), eventName: row.text(2), chatID: row.optionalText(3),
                status: row.text(4), error: row.optionalText(5), leadID: row.optionalInt(6), size: Int(row.int(7)),
                note: row.optionalText(8))
        }
    }

    /// The raw body of event `id`.
    public func eventBody(_ id: Int64) throws -> [UInt8]? {
        try database.first("SELECT body FROM events WHERE id = ?", [.integer(id)]) { $0.blob(0) }
    }
}
