import CRMCore

/// The search a ``SearchPlan`` asks for, as SQL conditions on `leads l`: a scan of names,
/// emails and phones for a short text; for longer texts, SQLite's FTS5 trigram tables, or on
/// PostgreSQL `pg_trgm`'s GIN indexes on `lead_search.folded` and `messages.folded` (the text
/// folded by `lower`), which answer `folded LIKE '%term%'` (the term folded by `lower` too) as
/// FTS5 answers a phrase (ignoring case). Few hits are gathered first; a search with at least
/// ``broadSearchHits`` is broad: the leads are walked in the list's order and each is tested,
/// and it is not counted.
extension LeadListRepository {
    /// The scan of names (any of `spellings`), emails and phones (holding `lowered`), where `%`
    /// and `_` are taken literally.
    static func contactsCondition(_ spellings: [String], lowered: String, values: inout [SQLValue]) -> String {
        let pattern = SQLValue.text("%" + likeLiteral(lowered) + "%")
        values += spellings.map { .text("%" + likeLiteral($0) + "%") } + [pattern, pattern]
        let nameMatch = spellings.map { _ in "l.name LIKE ? ESCAPE '\\'" }.joined(separator: " OR ")
        return """
            (\(nameMatch)
             OR EXISTS (SELECT 1 FROM lead_emails e WHERE e.lead_id = l.id AND e.normalized LIKE ? ESCAPE '\\')
             OR EXISTS (SELECT 1 FROM lead_phones p WHERE p.lead_id = l.id AND p.normalized LIKE ? ESCAPE '\\'))
            """
    }

    /// The FTS condition that finds any of `terms` in lead text and transcripts on SQLite, and
    /// whether the search is broad.
    func textCondition(_ terms: [String], values: inout [SQLValue]) throws -> (String, Bool) {
        let query = Self.ftsQuery(terms)
        if let leadHits = try hits("lead_search", query), let messageHits = try hits("message_search", query) {
            // Few hits: the ones the probes read are the answer.
            values += [.text(Store.jsonArray(leadHits)), .text(Store.jsonArray(messageHits))]
            return (
                """
                (l.id IN (\(Store.idsIn(postgres: false)))
                 OR l.id IN (SELECT c.lead_id FROM messages m JOIN chats c ON c.id = m.chat_id
                             WHERE m.id IN (\(Store.idsIn(postgres: false)))))
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

    /// The condition that finds any of `terms` in lead text and transcripts on PostgreSQL, and
    /// whether the search is broad. Gathered hits are one `IN` over the union of the leads found
    /// and the leads of the messages found: PostgreSQL joins that to the leads by their key,
    /// where two `IN`s joined by `OR` (as on SQLite) made it walk every lead in the list's order
    /// testing both (890 ms for one hit among 1,000,000 leads). A broad search's `EXISTS` tests
    /// end in `OFFSET 0`, which keeps PostgreSQL from turning them into hashed sets of every hit
    /// (all 333,333 leads named Maria read to show the first 100: 2.9 s, against 6 ms testing
    /// the leads one by one down the list). Rows are tested as `ILIKE` tests them on a UTF-8
    /// database, `lower(text) LIKE lower(pattern)`, with the row's side folded when it was
    /// written (the `folded` columns): `lower` folds letter case by the database's `LC_CTYPE`, on
    /// a UTF-8 one (`C.UTF-8`, `en_US.UTF-8`, as `initdb` gives on Debian) in every script as
    /// FTS5 does, on a `C` one in ASCII only. Folding each row as it was tested cost 1.65 µs a
    /// transcript message: 135 ms of a broad search's 150 among 1,000,000 leads.
    func postgresTextCondition(_ terms: [String], values: inout [SQLValue]) throws -> (String, Bool) {
        // Each pattern is folded once, by the database, before the statements that test it: a
        // prepared statement's generic plan (PostgreSQL's choice after five runs) computed
        // `lower(?)` again for every row, 20 ms more for 60,000 leads.
        let patterns = try terms.map { term in
            SQLValue.text(
                try database.first("SELECT lower(?)", [.text("%" + Self.likeLiteral(term) + "%")]) { $0.text(0) } ?? "")
        }
        let matches = { (column: String) in
            "(" + patterns.map { _ in "\(column) LIKE ?" }.joined(separator: " OR ") + ")"
        }
        // The probes ask the index for each term's rarest part alone (SearchPlan.indexedPart) and
        // test the whole term on each row it finds, through `|| ''`, which the index cannot
        // answer: asked for every trigram of "visitor500000@example.com", the GIN index walked
        // the posting lists of "vis", "exa" and the like, which hold every lead (4,555 pages,
        // 121 ms among 1,000,000 leads), where "500000" reads a few dozen.
        var probeValues: [SQLValue] = []
        let probeConditions = zip(terms, patterns).map { term, pattern in
            guard let part = SearchPlan.indexedPart(of: term) else {
                probeValues.append(pattern)
                return "folded LIKE ?"
            }
            probeValues += [.text("%" + part + "%"), pattern]
            return "(folded LIKE ? AND (folded || '') LIKE ?)"
        }
        let probe = "(" + probeConditions.joined(separator: " OR ") + ")"
        let limit = SQLValue.integer(Int64(broadSearchHits))
        let position = try database.first("SELECT pg_current_wal_insert_lsn()::text") { $0.text(0) } ?? ""
        let (leadHits, messageHits) = try searchProbes.hits(for: [.text(probe)] + probeValues + [limit], at: position) {
            let leadHits = try database.rows(
                "SELECT lead_id FROM lead_search WHERE \(probe) LIMIT ?", probeValues + [limit]
            ) { $0.int(0) }
            // As on SQLite, the transcripts are probed only when the leads' text is not broad already.
            let messageHits =
                leadHits.count < broadSearchHits
                ? try database.rows(
                    "SELECT id FROM messages WHERE \(probe) LIMIT ?", probeValues + [limit]
                ) { $0.int(0) } : []
            return (leadHits, messageHits)
        }
        if leadHits.count < broadSearchHits && messageHits.count < broadSearchHits {
            values += [.text(Store.jsonArray(leadHits)), .text(Store.jsonArray(messageHits))]
            return (
                """
                l.id IN (\(Store.idsIn(postgres: true))
                         UNION SELECT c.lead_id FROM messages m JOIN chats c ON c.id = m.chat_id
                               WHERE m.id IN (\(Store.idsIn(postgres: true))))
                """, false
            )
        }
        values += patterns + patterns
        return (
            """
            (EXISTS (SELECT 1 FROM lead_search s WHERE s.lead_id = l.id AND \(matches("s.folded")) OFFSET 0)
             OR EXISTS (SELECT 1 FROM chats c JOIN messages m ON m.chat_id = c.id WHERE c.lead_id = l.id
                        AND \(matches("m.folded")) OFFSET 0))
            """, true
        )
    }

    /// The rows of the FTS table `table` that `query` matches, or nil when they are at least
    /// ``broadSearchHits`` (reading no more than that many).
    private func hits(_ table: String, _ query: String) throws -> [Int64]? {
        let rows = try database.rows(
            "SELECT rowid FROM \(table) WHERE \(table) MATCH ? LIMIT ?",
            [.text(query), .integer(Int64(broadSearchHits))]
        ) { $0.int(0) }
        return rows.count >= broadSearchHits ? nil : rows
    }

    /// The FTS5 query that finds any of `terms`, each as a phrase.
    private static func ftsQuery(_ terms: [String]) -> String {
        terms.map { "\"" + $0.replacing("\"", with: "\"\"") + "\"" }.joined(separator: " OR ")
    }

    /// `text` for a LIKE pattern with `\\` as the escape: `%`, `_` and `\\` match themselves.
    private static func likeLiteral(_ text: String) -> String {
        var literal = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { literal.append("\\") }
            literal.append(character)
        }
        return literal
    }
}
