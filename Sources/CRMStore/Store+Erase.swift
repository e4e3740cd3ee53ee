import CRMCore
import JivoProtocol

/// What erasing a person removed (or, dry, would remove).
public struct EraseReport: Sendable, Equatable {
    /// The lead and the leads merged into it.
    public var leads: [Int64] = []
    /// Raw events removed.
    public var events = 0
    /// Chats removed.
    public var chats = 0
    /// Audit entries whose values were scrubbed.
    public var scrubbed = 0
    /// Whether the write-ahead log was emptied, so no old page holds their data (false when
    /// another process was reading the store).
    public var logEmptied = false
}

extension Store {
    private struct EraseRollback: Error {
        let report: EraseReport
    }

    /// What audit rows and other text say instead of an erased person's values.
    static let erasedMarker = "[erased]"

    /// Removes a person (right to be forgotten): lead `id` and every lead merged into it, with
    /// their contacts, keys, fields, chats and messages, calls, tasks, conflicts, notes and
    /// search rows; the raw events that carry their data (those of their leads and chats, and
    /// any whose body holds one of their emails or phones, or their name as a JSON string);
    /// their values in audit entries and in other rows' text. An audit entry records that an
    /// erasure happened and when, not whose. Then the store is vacuumed and its write-ahead log
    /// emptied, so the data is not left in free pages. With `dryRun`, reports and changes
    /// nothing. Erasing a lead already erased only compacts the store again.
    public func erase(_ id: Int64, actor: String, dryRun: Bool = false) throws -> EraseReport {
        let exists = try database.scalar("SELECT 1 FROM leads WHERE id = ?", [.integer(id)]) != nil
        let alreadyErased =
            try database.scalar(
                "SELECT 1 FROM audit WHERE lead_id = ? AND action = 'erase'", [.integer(id)]) != nil
        var report = EraseReport()
        if exists || !alreadyErased {
            do {
                report = try database.write {
                    let report = try eraseRows(id, actor: actor)
                    if dryRun { throw EraseRollback(report: report) }
                    return report
                }
            } catch let rollback as EraseRollback {
                return rollback.report
            }
        } else if dryRun {
            return report
        }
        try database.execute("VACUUM")
        report.logEmptied = try database.first("PRAGMA wal_checkpoint(TRUNCATE)") { $0.int(0) == 0 } ?? false
        return report
    }

    private func eraseRows(_ id: Int64, actor: String) throws -> EraseReport {
        guard try database.scalar("SELECT 1 FROM leads WHERE id = ?", [.integer(id)]) != nil else {
            throw CRMError.notFound(.lead, "there is no lead #\(id)")
        }
        var report = EraseReport()
        report.leads = try database.rows(
            """
            WITH RECURSIVE family(id) AS (SELECT ?1 UNION SELECT l.id FROM leads l JOIN family f ON l.merged_into = f.id)
            SELECT id FROM family ORDER BY id
            """, [.integer(id)]
        ) { $0.int(0) }
        let family = SQLValue.text(Store.jsonArray(report.leads))
        let inFamily = "IN (SELECT value FROM json_each(?1))"
        var contacts: Set<String> = []
        var names: Set<String> = []
        for id in report.leads {
            let lead = try requireLead(id)
            if !lead.name.isEmpty { names.insert(lead.name) }
            for value in lead.emails + lead.phones {
                contacts.insert(value.value)
                contacts.insert(value.normalized)
            }
            if let token = lead.userToken { contacts.insert(token) }
        }
        try database.query(
            "SELECT field, current, incoming FROM conflicts WHERE lead_id \(inFamily) AND field IN ('name', 'email', 'phone')",
            [family]
        ) { row in
            for value in [row.text(1), row.text(2)] {
                if row.text(0) == "name" { names.insert(value) } else { contacts.insert(value) }
            }
        }
        try database.query("SELECT phone FROM calls WHERE lead_id \(inFamily) AND phone IS NOT NULL", [family]) {
            contacts.insert($0.text(0))
        }
        contacts = contacts.filter { $0.count >= 5 }
        names = names.filter { $0.trimmingWhitespace.count >= 2 }

        try database.run(
            """
            DELETE FROM events WHERE lead_id \(inFamily)
                OR EXISTS (SELECT 1 FROM chats c WHERE c.lead_id \(inFamily)
                           AND c.widget_id = coalesce(events.widget_id, '') AND c.chat_id = events.chat_id)
            """, [family])
        report.events += database.changes
        for term in contacts.sorted() + names.sorted().map({ JSONValue.string($0).serialized() }) {
            for variant in Set([term, Store.jsonEscaped(term)]) {
                try database.run(
                    "DELETE FROM events WHERE instr(body, ?1) > 0 OR instr(lower(CAST(body AS TEXT)), ?2) > 0",
                    [.text(variant), .text(Store.asciiLowercased(variant))])
                report.events += database.changes
            }
        }
        report.chats = Int(try database.scalar("SELECT count(*) FROM chats WHERE lead_id \(inFamily)", [family]) ?? 0)
        try database.run("DELETE FROM conflicts WHERE other_lead_id \(inFamily)", [family])
        try database.run("UPDATE leads SET merged_into = NULL WHERE id \(inFamily)", [family])
        try database.run("DELETE FROM lead_search WHERE rowid \(inFamily)", [family])
        try database.run("DELETE FROM leads WHERE id \(inFamily)", [family])

        let marker = SQLValue.text(Store.erasedMarker)
        try database.run(
            """
            UPDATE audit SET
                before = CASE WHEN before IS NULL OR field IN ('status', 'manager') THEN before ELSE ?2 END,
                after = CASE WHEN after IS NULL OR field IN ('status', 'manager') THEN after ELSE ?2 END
            WHERE lead_id \(inFamily)
            """, [family, marker])
        report.scrubbed += database.changes
        for name in names {
            for column in ["before", "after"] {
                try database.run("UPDATE audit SET \(column) = ?1 WHERE \(column) = ?2", [marker, .text(name)])
                report.scrubbed += database.changes
            }
            try database.run("DELETE FROM conflicts WHERE current = ?1 OR incoming = ?1", [.text(name)])
        }
        let columns = try textColumns()
        var searchStale: Set<Int64> = []
        for term in contacts {
            try database.run(
                "DELETE FROM conflicts WHERE instr(current, ?1) > 0 OR instr(incoming, ?1) > 0", [.text(term)])
            try database.query("SELECT id FROM leads WHERE instr(title, ?1) > 0 OR instr(name, ?1) > 0", [.text(term)])
            {
                searchStale.insert($0.int(0))
            }
            for (table, column) in columns {
                try database.run(
                    "UPDATE \(table) SET \(column) = replace(\(column), ?2, ?1) WHERE instr(\(column), ?2) > 0",
                    [marker, .text(term)])
                if table == Store.quoted("audit") { report.scrubbed += database.changes }
            }
        }
        for lead in searchStale.sorted() { try refreshSearch(lead) }
        try database.run("INSERT INTO message_search(message_search) VALUES ('rebuild')")
        try database.run("INSERT INTO lead_search(lead_search) VALUES ('optimize')")
        try audit(
            actor: actor, lead: id, action: "erase",
            detail:
                "erased on request: \(report.leads.count) lead(s) with their contacts, chats, calls, tasks, conflicts and notes, "
                + "and \(report.events) raw event(s)")
        return report
    }

    /// Every TEXT column of the store's own tables, as quoted (table, column) identifiers;
    /// search tables aside, and the tables of other leads' contacts and keys and of settings
    /// and managers, whose values are other people's even when one contains the erased
    /// person's.
    private func textColumns() throws -> [(String, String)] {
        let tables = try database.rows(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' "
                + "AND name NOT LIKE 'lead_search%' AND name NOT LIKE 'message_search%' AND name NOT LIKE 'sqlite_%' "
                + "AND name NOT IN ('lead_emails', 'lead_phones', 'lead_keys', 'settings', 'managers')"
        ) { $0.text(0) }
        var result: [(String, String)] = []
        for table in tables {
            try database.query("SELECT name, upper(type) FROM pragma_table_info(?)", [.text(table)]) { row in
                if row.text(1) == "TEXT" { result.append((Store.quoted(table), Store.quoted(row.text(0)))) }
            }
        }
        return result
    }

    /// `name` as an SQL identifier in double quotes, so a name read from the schema is never
    /// taken as SQL.
    private static func quoted(_ name: String) -> String {
        "\"" + name.replacing("\"", with: "\"\"") + "\""
    }

    /// `text` as it appears inside a JSON string that escapes every non-ASCII character.
    static func jsonEscaped(_ text: String) -> String {
        var result = ""
        for unit in text.utf16 {
            if unit < 0x80 {
                result.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
            } else {
                let hex = String(unit, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
        }
        return result
    }

    /// `text` with only ASCII letters lowercased, as SQLite's `lower()` does.
    static func asciiLowercased(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { ("A"..."Z").contains($0) ? Unicode.Scalar($0.value + 32)! : $0 }))
    }
}
