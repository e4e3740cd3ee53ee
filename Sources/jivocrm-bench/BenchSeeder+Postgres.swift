import CRMStore

/// The same synthetic store on PostgreSQL: the same leads, contacts, search rows, events, chats
/// and messages as ``BenchSeeder/seed(_:leads:chatLeads:messagesPerLead:longTranscript:)`` writes on
/// SQLite, loaded server-side from `generate_series` in one transaction.
///
/// As a bulk load would: the tables' secondary indexes (the `pg_trgm` GIN indexes among them)
/// are dropped before the load and built again after it, with a large `maintenance_work_mem`,
/// foreign keys are not checked row by row (`session_replication_role = replica`, which needs
/// a superuser, as the throwaway server of `make bench` has), and the tables are vacuumed and
/// analysed afterwards, so that the benchmarks meet a store in the state use leaves it in
/// (statistics, visibility map), not one whose first readers write hint bits. The statements
/// carry the seeder's own integers in their text: run with parameters, an insert into a table
/// with an id would return every id it wrote (the store's statements stand for SQLite's
/// `last_insert_rowid()` that way).
extension BenchSeeder {
    /// The tables the seeder writes.
    private static let postgresTables = [
        "leads", "lead_emails", "lead_phones", "lead_keys", "lead_search", "events", "chats", "messages",
    ]

    /// Seeds the store on PostgreSQL; see ``seed(_:leads:chatLeads:messagesPerLead:longTranscript:)``.
    static func seedPostgres(
        _ store: Store, leads: Int, chatLeads: Int, messagesPerLead: Int, longTranscript: Int
    ) throws -> (leads: Double, messages: Double) {
        let database = store.database
        let base = try database.scalar("SELECT coalesce(max(id), 0) FROM leads") ?? 0
        let now = store.clock()
        let tables = postgresTables.map { "'\($0)'::regclass" }.joined(separator: ", ")
        let indexes = try database.rows(
            """
            SELECT i.indrelid::regclass::text, i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            WHERE i.indrelid IN (\(tables))
                AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            """
        ) { (table: $0.text(0), name: $0.text(1), definition: $0.text(2)) }
        let transcriptTables: Set = ["chats", "messages"]
        try database.execute(
            "SET session_replication_role = replica; SET maintenance_work_mem = '1GB'; SET synchronous_commit = off")
        defer {
            try? database.execute(
                "RESET session_replication_role; RESET maintenance_work_mem; RESET synchronous_commit")
        }
        let statuses =
            "CASE n % 7 WHEN 0 THEN 'open' WHEN 1 THEN 'qualified' WHEN 2 THEN 'won' WHEN 3 THEN 'lost' ELSE 'unsorted' END"
        let started = BenchClock.now()
        var messagesStarted = started
        try database.write {
            for index in indexes { try database.execute("DROP INDEX \(index.name)") }
            try database.execute(
                """
                INSERT INTO leads(id, title, status, name, source, channel, visitor_number, created_at, updated_at, last_activity_at)
                SELECT \(base) + n, 'JivoChat #' || (\(base) + n) || ' - Visitor ' || (\(base) + n), \(statuses),
                    (CASE n % 3 WHEN 0 THEN 'Иван Петров ' WHEN 1 THEN 'Tom Clifton ' ELSE 'Maria Garcia ' END) || (\(base) + n),
                    'JivoChat', 'bench', (\(base) + n)::text, \(now) - n * 1000, \(now) - n * 1000, \(now) - n * 1000
                FROM generate_series(1, \(leads)) n
                """)
            try database.execute(
                "INSERT INTO lead_emails(lead_id, position, value, normalized) SELECT id, 0, 'visitor' || id || '@example.com', 'visitor' || id || '@example.com' FROM leads WHERE id > \(base)"
            )
            try database.execute(
                "INSERT INTO lead_phones(lead_id, position, value, normalized) SELECT id, 0, '+7 9' || lpad(id::text, 9, '0'), '+79' || lpad(id::text, 9, '0') FROM leads WHERE id > \(base)"
            )
            try database.execute(
                "INSERT INTO lead_keys(kind, scope, value, lead_id) SELECT 'visitor', 'bench', id::text, id FROM leads WHERE id > \(base)"
            )
            try database.execute(
                "INSERT INTO lead_search(lead_id, text) SELECT id, title || ' ' || name || ' visitor' || id || '@example.com +7 9' || lpad(id::text, 9, '0') || ' +79' || lpad(id::text, 9, '0') FROM leads WHERE id > \(base)"
            )
            try database.execute(eventOfEachLead(postgres: true, after: base))
            try database.execute("SELECT setval(pg_get_serial_sequence('leads', 'id'), (SELECT max(id) FROM leads))")
            for index in indexes where !transcriptTables.contains(index.table) {
                try database.execute(index.definition)
            }
            messagesStarted = BenchClock.now()
            if chatLeads > 0 && messagesPerLead > 0 || longTranscript > 0 {
                try database.execute(
                    """
                    INSERT INTO chats(lead_id, widget_id, chat_id, started_at, finished_at, unread)
                    SELECT id, 'bench', 'seed-' || id, created_at, created_at, 0 FROM leads WHERE id > \(base) AND id <= \(base + Int64(messagesPerLead > 0 ? chatLeads : 0))
                    ORDER BY id
                    """)
                if longTranscript > 0 {
                    try database.execute(
                        """
                        INSERT INTO chats(lead_id, widget_id, chat_id, started_at, finished_at, unread)
                        SELECT id, 'bench', 'seed-long-' || id, created_at + 1, created_at + 1, 0 FROM leads WHERE id = \(base + 1)
                        """)
                }
                try addPostgresMessages(
                    database, count: messagesPerLead,
                    chats: "c.widget_id = 'bench' AND c.lead_id > \(base) AND c.chat_id NOT LIKE 'seed-long-%'")
                try addPostgresMessages(
                    database, count: longTranscript,
                    chats: "c.widget_id = 'bench' AND c.chat_id = 'seed-long-\(base + 1)'")
            }
            for index in indexes where transcriptTables.contains(index.table) { try database.execute(index.definition) }
        }
        for table in postgresTables { try database.execute("VACUUM (ANALYZE) \(table)") }
        return (messagesStarted - started, BenchClock.now() - messagesStarted)
    }

    /// Adds `count` messages to each chat that matches `chats`, as ``addMessages`` does on SQLite.
    private static func addPostgresMessages(_ database: Database, count: Int, chats: String) throws {
        guard count > 0 else { return }
        try database.execute(
            """
            INSERT INTO messages(chat_id, timestamp, type, agent_id, text, text_key)
            \(messageColumns)
            FROM chats c CROSS JOIN generate_series(1, \(count)) seq(n) WHERE \(chats)
            """)
    }
}
