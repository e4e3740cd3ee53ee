/// The leads' search rows (FTS5 trigram), rebuilt from each lead's title, name, emails and
/// phones. Inside a write transaction a rebuild waits for the commit: FTS5 writes an index
/// segment whenever a statement or savepoint that changed it ends, so one rebuild for every
/// lead a batch touched costs far less than one per event.
final class SearchIndex {
    private let database: Database
    /// Leads whose search rows are rebuilt when the open write transaction commits.
    private var backlog: Set<Int64> = []
    /// The leads of the backlog created since it was last flushed, in the write transaction
    /// numbered `transaction`: they have no search row to remove (their ids are new, and rows are
    /// written only by a flush). Only that transaction's flush trusts it: once it ended without
    /// committing, another process may have given one of these ids to a lead of its own.
    private var created: (transaction: Int, ids: Set<Int64>) = (0, [])

    /// The index of the store on `database`.
    init(database: Database) {
        self.database = database
    }

    /// Rebuilds lead `id`'s search row now, or at the commit of the open write transaction.
    /// `created`: the lead was just inserted, in the open write transaction, so it has no row to
    /// remove yet.
    func refresh(_ id: Int64, created isNew: Bool = false) throws {
        if database.inWriteTransaction {
            guard backlog.insert(id).inserted, isNew else { return }
            if created.transaction != database.writeTransactions { created = (database.writeTransactions, []) }
            created.ids.insert(id)
        } else {
            try rebuild(Store.jsonArray([id]))
        }
    }

    /// Rebuilds the search rows of the leads changed in the open write transaction (at its
    /// commit, or before a search inside it).
    func flush() throws {
        guard !backlog.isEmpty else { return }
        let ids = Store.jsonArray(backlog.sorted())
        let fresh = created.transaction == database.writeTransactions ? created.ids : []
        let stale = fresh.isEmpty ? ids : Store.jsonArray(backlog.subtracting(fresh).sorted())
        backlog.removeAll(keepingCapacity: true)
        created.ids.removeAll(keepingCapacity: true)
        try rebuild(ids, removing: stale)
    }

    /// Rebuilds the search rows of the leads whose ids are in the JSON array `ids`, removing
    /// first the rows of those in `stale` (every one of them unless given: the others have none).
    /// A lead's text is its title, its name unless the title holds it already, and each email
    /// and phone as given and normalized (once when the two are the same): every trigram once is
    /// cheaper to index and finds the same leads. A merged lead has none.
    private func rebuild(_ ids: String, removing stale: String? = nil) throws {
        let stale = stale ?? ids
        if database.isPostgres {
            if stale != "[]" { try database.run(Self.deleteListedOnPostgres, [.text(stale)]) }
            try database.run(Self.insertListedOnPostgres, [.text(ids)])
            return
        }
        if stale != "[]" { try database.run(Self.deleteListed, [.text(stale)]) }
        try database.run(Self.insertListed, [.text(ids)])
    }

    /// The statement that removes the search rows of the leads in a JSON array of ids.
    private static let deleteListed = "DELETE FROM lead_search WHERE rowid IN (\(Store.idsIn(postgres: false)))"
    /// The same in PostgreSQL's dialect (where the lead's id is a column).
    private static let deleteListedOnPostgres =
        "DELETE FROM lead_search WHERE lead_id IN (\(Store.idsIn(postgres: true)))"
    /// ``insertRows(postgres:where:)`` for the leads in a JSON array of ids, made once.
    private static let insertListed = insertRows(postgres: false, where: "l.id IN (\(Store.idsIn(postgres: false)))")
    /// The same in PostgreSQL's dialect.
    private static let insertListedOnPostgres = insertRows(
        postgres: true, where: "l.id IN (\(Store.idsIn(postgres: true)))")

    /// The statement that writes the search row of every live lead `condition` (on `l`)
    /// selects, in the engine's dialect: its title, its name unless the title holds it, and each
    /// email and phone as given and normalized (once when the two are the same). On PostgreSQL
    /// the rows are keyed by `lead_id` and the server keeps the `pg_trgm` index on them.
    static func insertRows(postgres: Bool, where condition: String) -> String {
        if postgres {
            return """
                INSERT INTO lead_search(lead_id, text)
                SELECT l.id, l.title || CASE WHEN strpos(l.title, l.name) > 0 THEN '' ELSE ' ' || l.name END || ' ' ||
                    COALESCE((SELECT string_agg(CASE WHEN value = normalized THEN value ELSE value || ' ' || normalized END, ' ')
                              FROM lead_emails WHERE lead_id = l.id), '') || ' ' ||
                    COALESCE((SELECT string_agg(CASE WHEN value = normalized THEN value ELSE value || ' ' || normalized END, ' ')
                              FROM lead_phones WHERE lead_id = l.id), '')
                FROM leads l WHERE \(condition) AND l.merged_into IS NULL
                """
        }
        return """
            INSERT INTO lead_search(rowid, text)
            SELECT l.id, l.title || iif(instr(l.title, l.name) > 0, '', ' ' || l.name) || ' ' ||
                COALESCE((SELECT group_concat(iif(value = normalized, value, value || ' ' || normalized), ' ')
                          FROM lead_emails WHERE lead_id = l.id), '') || ' ' ||
                COALESCE((SELECT group_concat(iif(value = normalized, value, value || ' ' || normalized), ' ')
                          FROM lead_phones WHERE lead_id = l.id), '')
            FROM leads l WHERE \(condition) AND l.merged_into IS NULL
            """
    }
}
