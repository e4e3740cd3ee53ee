/// Search on PostgreSQL: `pg_trgm`'s GIN indexes on `lead_search.text` and `messages.text`
/// answer `ILIKE '%term%'`, as SQLite's FTS5 trigram tables answer a phrase (ignoring case).
/// Both find the same leads in the same order (SearchParityTests); `ILIKE` folds letter case by
/// the database's `LC_CTYPE`, so on a UTF-8 one (`C.UTF-8`, `en_US.UTF-8`, as `initdb` gives on
/// Debian) it ignores case in every script as FTS5 does, and on a `C` one in ASCII only.
extension Store {
    /// The condition (on `leads l`) that finds any of `terms` in a lead's text or transcripts,
    /// and whether the search is broad (``broadSearchHits``): few hits are gathered first, many
    /// are tested lead by lead in the list's order. Gathered hits are one `IN` over the union
    /// of the leads found and the leads of the messages found: PostgreSQL joins that to the
    /// leads by their key, where two `IN`s joined by `OR` (as on SQLite) made it walk every lead
    /// in the list's order testing both (890 ms for one hit among 1,000,000 leads). A broad
    /// search's `EXISTS` tests end in `OFFSET 0`, which keeps PostgreSQL from turning them into
    /// hashed sets of every hit (all 333,333 leads named Maria read to show the first 100:
    /// 2.9 s, against 6 ms testing the leads one by one down the list).
    func postgresSearchCondition(_ terms: [String], values: inout [SQLValue]) throws -> (String, Bool) {
        let patterns = terms.map { SQLValue.text("%" + Store.likeLiteral($0) + "%") }
        let matches = { (column: String) in
            "(" + patterns.map { _ in "\(column) ILIKE ?" }.joined(separator: " OR ") + ")"
        }
        let limit = SQLValue.integer(Int64(broadSearchHits))
        let leadHits = try database.rows(
            "SELECT lead_id FROM lead_search WHERE \(matches("text")) LIMIT ?", patterns + [limit]
        ) { $0.int(0) }
        // As on SQLite, the transcripts are probed only when the leads' text is not broad already.
        let messageHits =
            leadHits.count < broadSearchHits
            ? try database.rows(
                "SELECT id FROM messages WHERE \(matches("text")) LIMIT ?", patterns + [limit]
            ) { $0.int(0) } : []
        if leadHits.count < broadSearchHits && messageHits.count < broadSearchHits {
            values += [.text(Store.jsonArray(leadHits)), .text(Store.jsonArray(messageHits))]
            return (
                """
                l.id IN (SELECT value::bigint FROM json_array_elements_text(?::json)
                         UNION SELECT c.lead_id FROM messages m JOIN chats c ON c.id = m.chat_id
                               WHERE m.id IN (SELECT value::bigint FROM json_array_elements_text(?::json)))
                """, false
            )
        }
        values += patterns + patterns
        return (
            """
            (EXISTS (SELECT 1 FROM lead_search s WHERE s.lead_id = l.id AND \(matches("s.text")) OFFSET 0)
             OR EXISTS (SELECT 1 FROM chats c JOIN messages m ON m.chat_id = c.id WHERE c.lead_id = l.id
                        AND \(matches("m.text")) OFFSET 0))
            """, true
        )
    }
}
