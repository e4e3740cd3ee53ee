/// Search on PostgreSQL: `pg_trgm`'s GIN indexes on `lead_search.text` and `messages.text`
/// answer `ILIKE '%term%'`, as SQLite's FTS5 trigram tables answer a phrase (ignoring case).
extension Store {
    /// The condition (on `leads l`) that finds any of `terms` in a lead's text or transcripts,
    /// and whether the search is broad (``broadSearchHits``): few hits are gathered first, many
    /// are tested lead by lead in the list's order.
    func postgresSearchCondition(_ terms: [String], values: inout [SQLValue]) throws -> (String, Bool) {
        let patterns = terms.map { SQLValue.text("%" + Store.likeLiteral($0) + "%") }
        let matches = { (column: String) in
            "(" + patterns.map { _ in "\(column) ILIKE ?" }.joined(separator: " OR ") + ")"
        }
        let limit = SQLValue.integer(Int64(broadSearchHits))
        let leadHits = try database.rows(
            "SELECT lead_id FROM lead_search WHERE \(matches("text")) LIMIT ?", patterns + [limit]
        ) { $0.int(0) }
        let messageHits = try database.rows(
            "SELECT id FROM messages WHERE \(matches("text")) LIMIT ?", patterns + [limit]
        ) { $0.int(0) }
        if leadHits.count < broadSearchHits && messageHits.count < broadSearchHits {
            values += [.text(Store.jsonArray(leadHits)), .text(Store.jsonArray(messageHits))]
            return (
                """
                (l.id IN (SELECT value::bigint FROM json_array_elements_text(?::json))
                 OR l.id IN (SELECT c.lead_id FROM messages m JOIN chats c ON c.id = m.chat_id
                             WHERE m.id IN (SELECT value::bigint FROM json_array_elements_text(?::json))))
                """, false
            )
        }
        values += patterns + patterns
        return (
            """
            (EXISTS (SELECT 1 FROM lead_search s WHERE s.lead_id = l.id AND \(matches("s.text")))
             OR EXISTS (SELECT 1 FROM chats c JOIN messages m ON m.chat_id = c.id WHERE c.lead_id = l.id
                        AND \(matches("m.text"))))
            """, true
        )
    }
}
