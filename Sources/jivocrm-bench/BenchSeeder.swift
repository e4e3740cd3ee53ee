import CRMStore

/// Fills a store with synthetic leads (and optionally chats and messages) in bulk, inside
/// SQLite: a million leads take seconds, not minutes.
///
/// The search indexes are optimised (merged into one segment) after the bulk load, as an
/// import would leave them: otherwise the first thousands of events each pay a slice of the
/// merge of the segments the bulk insert wrote. Transcript messages are loaded with a large
/// FTS5 hash (see ``withLargeHash(_:_:_:)``); the leads' index is not: loaded that way, it
/// made every few commits of the ingest benchmark stall (p99 about 350 ms instead of 20 ms,
/// FTS5 apparently merging their small segments with the one big segment), a layout that no
/// store built by use has.
///
/// Seeded lead `n` has email `visitor<n>@example.com`, phone `+7 9<n, nine digits>` and visitor
/// number `<n>` on channel `bench`, so benchmark traffic can come back as a returning visitor;
/// and the delivery that created it kept in the event inbox (``eventOfEachLead(postgres:after:)``),
/// so that an event's duplicate check and its entry under its lead read indexes of a store's
/// size, as they do in a store built by use.
enum BenchSeeder {
    /// The statement that keeps, for each lead numbered after `base`, the chat_accepted that
    /// created it: an applied event with the lead, a short body and a hash that stands for
    /// SHA-256's (random on SQLite; on PostgreSQL SHA-256 of a text naming the lead), so the
    /// hashes of the index are spread as real ones are.
    static func eventOfEachLead(postgres: Bool, after base: Int64) -> String {
        let body = "'{\"event_name\":\"chat_accepted\",\"chat_id\":\"seed-' || id || '\"}'"
        let (bytes, hash) =
            postgres
            ? ("convert_to(\(body), 'UTF8')", "sha256(convert_to('seed-' || id, 'UTF8'))")
            : ("CAST(\(body) AS BLOB)", "randomblob(32)")
        return """
            INSERT INTO events(received_at, body, body_hash, event_name, chat_id, widget_id, status, lead_id, created_lead)
            SELECT created_at, \(bytes), \(hash), 'chat_accepted', 'seed-' || id, 'bench', 'applied', id, 1
            FROM leads WHERE id > \(base)
            """
    }

    /// Adds `leads` leads (numbered after the store's highest id), `messagesPerLead` messages
    /// in one chat for each of the first `chatLeads` of them, and a second chat with
    /// `longTranscript` messages for the first new lead; returns the seconds the leads and the
    /// messages took.
    static func seed(
        _ store: Store, leads: Int, chatLeads: Int, messagesPerLead: Int, longTranscript: Int = 0
    ) throws -> (leads: Double, messages: Double) {
        if store.database.isPostgres {
            return try seedPostgres(
                store, leads: leads, chatLeads: chatLeads, messagesPerLead: messagesPerLead,
                longTranscript: longTranscript)
        }
        let database = store.database
        let base = try database.scalar("SELECT coalesce(max(id), 0) FROM leads") ?? 0
        let now = store.clock()
        // A scratch store: no rollback journal or fsync while loading, WAL again afterwards.
        try database.execute("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144")
        defer { try? database.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA cache_size=-16000") }
        let statuses =
            "CASE n % 7 WHEN 0 THEN 'open' WHEN 1 THEN 'qualified' WHEN 2 THEN 'won' WHEN 3 THEN 'lost' ELSE 'unsorted' END"
        let started = BenchClock.now()
        try database.write {
            try database.run(
                """
                WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ?1)
                INSERT INTO leads(id, title, status, name, source, channel, visitor_number, created_at, updated_at, last_activity_at)
                SELECT ?2 + n, 'JivoChat #' || (?2 + n) || ' - Visitor ' || (?2 + n), \(statuses),
                    (CASE n % 3 WHEN 0 THEN 'Иван Петров ' WHEN 1 THEN 'Tom Clifton ' ELSE 'Maria Garcia ' END) || (?2 + n),
                    'JivoChat', 'bench', CAST(?2 + n AS TEXT), ?3 - n * 1000, ?3 - n * 1000, ?3 - n * 1000
                FROM seq
                """, [.integer(Int64(leads)), .integer(base), .integer(now)])
            try database.run(
                "INSERT INTO lead_emails(lead_id, position, value, normalized) SELECT id, 0, 'visitor' || id || '@example.com', 'visitor' || id || '@example.com' FROM leads WHERE id > ?",
                [.integer(base)])
            try database.run(
                "INSERT INTO lead_phones(lead_id, position, value, normalized) SELECT id, 0, '+7 9' || printf('%09d', id), '+79' || printf('%09d', id) FROM leads WHERE id > ?",
                [.integer(base)])
            try database.run(
                "INSERT INTO lead_keys(kind, scope, value, lead_id) SELECT 'visitor', 'bench', CAST(id AS TEXT), id FROM leads WHERE id > ?",
                [.integer(base)])
            try database.run(Self.eventOfEachLead(postgres: false, after: base))
            try database.run(
                "INSERT INTO lead_search(rowid, text) SELECT id, title || ' ' || name || ' visitor' || id || '@example.com +7 9' || printf('%09d', id) || ' +79' || printf('%09d', id) FROM leads WHERE id > ?",
                [.integer(base)])
            try database.run("INSERT INTO lead_search(lead_search) VALUES ('optimize')")
        }
        let leadsDone = BenchClock.now()
        guard chatLeads > 0 && messagesPerLead > 0 || longTranscript > 0 else { return (leadsDone - started, 0) }
        try database.write {
            try database.run(
                """
                INSERT INTO chats(lead_id, widget_id, chat_id, started_at, finished_at, unread)
                SELECT id, 'bench', 'seed-' || id, created_at, created_at, 0 FROM leads WHERE id > ?1 AND id <= ?1 + ?2
                """, [.integer(base), .integer(Int64(messagesPerLead > 0 ? chatLeads : 0))])
            if longTranscript > 0 {
                try database.run(
                    """
                    INSERT INTO chats(lead_id, widget_id, chat_id, started_at, finished_at, unread)
                    SELECT id, 'bench', 'seed-long-' || id, created_at + 1, created_at + 1, 0 FROM leads WHERE id = ?1 + 1
                    """, [.integer(base)])
            }
            try withLargeHash(database, "message_search") {
                try addMessages(
                    database, count: messagesPerLead,
                    chats: "c.widget_id = 'bench' AND c.lead_id > \(base) AND c.chat_id NOT LIKE 'seed-long-%'")
                try addMessages(
                    database, count: longTranscript,
                    chats: "c.widget_id = 'bench' AND c.chat_id = 'seed-long-\(base + 1)'")
            }
            try database.run("INSERT INTO message_search(message_search) VALUES ('optimize')")
        }
        return (leadsDone - started, BenchClock.now() - leadsDone)
    }

    /// Runs `body`, a bulk load into the FTS5 table `table`, with a 512 MiB hash for its
    /// pending terms, then sets the default (1 MiB) back. FTS5 writes the pending terms out as a
    /// new segment whenever they outgrow the hash, and merges segments as they pile up: with the
    /// default, 10,000,000 messages make thousands of small segments, merged over and over
    /// (121 s on the 2-core development machine); with the large hash they make a few large
    /// ones (71 s), the seeding process holding up to the hash's size in memory.
    private static func withLargeHash(_ database: Database, _ table: String, _ body: () throws -> Void) throws {
        try database.run("INSERT INTO \(table)(\(table), rank) VALUES ('hashsize', ?)", [.integer(512 << 20)])
        try body()
        try database.run("INSERT INTO \(table)(\(table), rank) VALUES ('hashsize', ?)", [.integer(1 << 20)])
    }

    /// The columns of a seeded message of chat `c`, numbered `seq.n`, for
    /// `INSERT INTO messages(chat_id, timestamp, type, agent_id, text, text_key)` on either engine:
    /// four templates in turn, Russian and English, naming the order.
    static let messageColumns = """
        SELECT c.id, c.started_at / 1000 + seq.n, CASE seq.n % 2 WHEN 1 THEN 'visitor' ELSE 'agent' END,
            CASE seq.n % 2 WHEN 0 THEN '7' END,
            CASE (c.id + seq.n) % 4
                WHEN 0 THEN 'Здравствуйте! Сколько стоит доставка заказа ' || c.id || '?'
                WHEN 1 THEN 'Delivery to ' || (c.id % 997) || ' Main Street takes two days'
                WHEN 2 THEN 'Can I pay order ' || c.id || ' by card on arrival?'
                ELSE 'Спасибо, курьер позвонит за час до приезда (' || seq.n || ')'
            END,
            c.id * 100000 + seq.n
        """

    /// Adds `count` messages to each chat that matches `chats` (chats drive the loop).
    private static func addMessages(_ database: Database, count: Int, chats: String) throws {
        guard count > 0 else { return }
        try database.run(
            """
            WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ?1)
            INSERT INTO messages(chat_id, timestamp, type, agent_id, text, text_key)
            \(messageColumns)
            FROM chats c CROSS JOIN seq WHERE \(chats)
            """, [.integer(Int64(count))])
    }
}
