import CRMCore

/// The SQL of erasing a person: finding their leads and what holds their data, deleting it, and
/// scrubbing their values out of the text that stays.
struct EraseRepository {
    let database: Database

    /// The test that an id is one of the family's, given as a JSON array in parameter 1.
    private var inFamily: String {
        "IN (\(Store.idsIn("?1", postgres: database.isPostgres)))"
    }

    /// The test that `text` holds parameter `term` (`?1`, `?2`).
    private func holds(_ text: String, _ term: String) -> String {
        database.isPostgres ? "strpos(\(text), \(term)) > 0" : "instr(\(text), \(term)) > 0"
    }

    /// Whether lead `id` was erased already (an erase is audited on it).
    func wasErased(_ id: Int64) throws -> Bool {
        try database.scalar("SELECT 1 FROM audit WHERE lead_id = ? AND action = 'erase'", [.integer(id)]) != nil
    }

    /// Lead `id` and every lead merged into it, at any depth, by id.
    func family(_ id: Int64) throws -> [Int64] {
        try database.rows(
            """
            WITH RECURSIVE family(id) AS (SELECT CAST(?1 AS BIGINT) UNION SELECT l.id FROM leads l JOIN family f ON l.merged_into = f.id)
            SELECT id FROM family ORDER BY id
            """, [.integer(id)]
        ) { $0.int(0) }
    }

    /// The values of the name, email and phone conflicts of the leads in `family` (a JSON array).
    func conflictValues(_ family: SQLValue) throws -> [(field: ContactField, values: [String])] {
        try database.rows(
            "SELECT field, current, incoming FROM conflicts WHERE lead_id \(inFamily) AND field IN ('name', 'email', 'phone')",
            [family]
        ) { (ContactField(rawValue: $0.text(0)) ?? .name, [$0.text(1), $0.text(2)]) }
    }

    /// The phones of the calls of the leads in `family`.
    func callPhones(_ family: SQLValue) throws -> [String] {
        try database.rows("SELECT phone FROM calls WHERE lead_id \(inFamily) AND phone IS NOT NULL", [family]) {
            $0.text(0)
        }
    }

    /// Deletes the raw events of the leads in `family` and of their chats; returns how many.
    func deleteEvents(of family: SQLValue) throws -> Int {
        try database.run(
            """
            DELETE FROM events WHERE lead_id \(inFamily)
                OR EXISTS (SELECT 1 FROM chats c WHERE c.lead_id \(inFamily)
                           AND c.widget_id = coalesce(events.widget_id, '') AND c.chat_id = events.chat_id)
            """, [family])
        return database.changes
    }

    /// Deletes the raw events whose body holds `term` (also in ASCII lowercase, as SQLite's
    /// `lower` makes it; on PostgreSQL the body's bytes are searched, lowered through its
    /// `escape` text in the C collation, which lowers A-Z only); returns how many.
    func deleteEvents(containing term: String) throws -> Int {
        try database.run(
            database.isPostgres
                ? "DELETE FROM events WHERE position(convert_to(?1, 'UTF8') in body) > 0 OR position(convert_to(?2, 'UTF8') "
                    + "in decode(lower(encode(body, 'escape') COLLATE \"C\"), 'escape')) > 0"
                : "DELETE FROM events WHERE instr(body, ?1) > 0 OR instr(lower(CAST(body AS TEXT)), ?2) > 0",
            [.text(term), .text(ErasePlan.asciiLowercased(term))])
        return database.changes
    }

    /// How many chats the leads in `family` have.
    func chatCount(_ family: SQLValue) throws -> Int {
        Int(try database.scalar("SELECT count(*) FROM chats WHERE lead_id \(inFamily)", [family]) ?? 0)
    }

    /// Deletes the leads in `family` (with what cascades from them: contacts, keys, fields,
    /// chats, calls, tasks, notes, their conflicts) and the conflicts naming them as the other
    /// lead.
    func deleteLeads(_ family: SQLValue) throws {
        try database.run("DELETE FROM conflicts WHERE other_lead_id \(inFamily)", [family])
        try database.run("UPDATE leads SET merged_into = NULL WHERE id \(inFamily)", [family])
        try database.run(
            "DELETE FROM lead_search WHERE \(database.isPostgres ? "lead_id" : "rowid") \(inFamily)", [family])
        try database.run("DELETE FROM leads WHERE id \(inFamily)", [family])
    }

    /// Replaces the values in the audit entries of the leads in `family` with the marker (a
    /// status or manager stays); returns how many entries.
    func scrubAudit(of family: SQLValue) throws -> Int {
        try database.run(
            """
            UPDATE audit SET
                before = CASE WHEN before IS NULL OR field IN ('status', 'manager') THEN before ELSE ?2 END,
                after = CASE WHEN after IS NULL OR field IN ('status', 'manager') THEN after ELSE ?2 END
            WHERE lead_id \(inFamily)
            """, [family, .text(ErasePlan.marker)])
        return database.changes
    }

    /// Replaces audit values that are exactly `name` with the marker, and deletes conflicts
    /// about it; returns how many audit values.
    func scrubName(_ name: String) throws -> Int {
        var scrubbed = 0
        for column in ["before", "after"] {
            try database.run(
                "UPDATE audit SET \(column) = ?1 WHERE \(column) = ?2", [.text(ErasePlan.marker), .text(name)])
            scrubbed += database.changes
        }
        try database.run("DELETE FROM conflicts WHERE current = ?1 OR incoming = ?1", [.text(name)])
        return scrubbed
    }

    /// Deletes conflicts holding contact value `term`, and returns the leads whose title or name
    /// holds it (their search rows are stale).
    func dropConflicts(holding term: String) throws -> [Int64] {
        try database.run(
            "DELETE FROM conflicts WHERE \(holds("current", "?1")) OR \(holds("incoming", "?1"))", [.text(term)])
        return try database.rows(
            "SELECT id FROM leads WHERE \(holds("title", "?1")) OR \(holds("name", "?1"))", [.text(term)]
        ) { $0.int(0) }
    }

    /// Replaces `term` with the marker in `column` of `table` (quoted identifiers); returns how
    /// many rows.
    func scrub(_ term: String, table: String, column: String) throws -> Int {
        try database.run(
            "UPDATE \(table) SET \(column) = replace(\(column), ?2, ?1) WHERE \(holds(column, "?2"))",
            [.text(ErasePlan.marker), .text(term)])
        return database.changes
    }

    /// Every TEXT column of the store's own tables, as quoted (table, column) identifiers;
    /// search tables and generated columns (PostgreSQL's folded search text) aside, and the
    /// tables of other leads' contacts and keys and of settings and managers, whose values are
    /// other people's even when one contains the erased person's.
    func textColumns() throws -> [(table: String, column: String)] {
        if database.isPostgres {
            return try database.rows(
                "SELECT table_name::text, column_name::text FROM information_schema.columns "
                    + "WHERE table_schema = current_schema() AND data_type = 'text' AND is_generated = 'NEVER' "
                    + "AND table_name NOT IN ('lead_search', 'lead_emails', 'lead_phones', 'lead_keys', 'settings', 'managers') "
                    + "ORDER BY table_name, ordinal_position"
            ) { (Self.quoted($0.text(0)), Self.quoted($0.text(1))) }
        }
        let tables = try database.rows(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' "
                + "AND name NOT LIKE 'lead_search%' AND name NOT LIKE 'message_search%' AND name NOT LIKE 'sqlite_%' "
                + "AND name NOT IN ('lead_emails', 'lead_phones', 'lead_keys', 'settings', 'managers')"
        ) { $0.text(0) }
        var result: [(String, String)] = []
        for table in tables {
            try database.query("SELECT name, upper(type) FROM pragma_table_info(?)", [.text(table)]) { row in
                if row.text(1) == "TEXT" { result.append((Self.quoted(table), Self.quoted(row.text(0)))) }
            }
        }
        return result
    }

    /// `name` as an SQL identifier in double quotes, so a name read from the schema is never
    /// taken as SQL.
    static func quoted(_ name: String) -> String {
        "\"" + name.replacing("\"", with: "\"\"") + "\""
    }

    /// Rebuilds the message search index and compacts the lead search index (on PostgreSQL,
    /// nothing to do: the trigram indexes follow their rows).
    func rebuildSearchIndexes() throws {
        if database.isPostgres { return }
        try database.run("INSERT INTO message_search(message_search) VALUES ('rebuild')")
        try database.run("INSERT INTO lead_search(lead_search) VALUES ('optimize')")
    }

    /// Vacuums the store and empties its write-ahead log; whether the log was emptied (false
    /// when another process was reading). On PostgreSQL, rewrites the store's tables
    /// (`VACUUM FULL`, which waits for readers) and says true: the server's own write-ahead log
    /// is the server's to recycle.
    func compact() throws -> Bool {
        if database.isPostgres {
            let tables = try database.rows(
                "SELECT table_name::text FROM information_schema.tables "
                    + "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
            ) { Self.quoted($0.text(0)) }
            try database.execute("VACUUM FULL " + tables.joined(separator: ", "))
            return true
        }
        try database.execute("VACUUM")
        return try database.emptyLog()
    }
}
