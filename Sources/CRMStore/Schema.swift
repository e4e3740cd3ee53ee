/// The store's schema, as forward migrations numbered by `PRAGMA user_version`.
enum Schema {
    /// Migration `n` brings a store from version `n` to `n + 1`.
    static let migrations: [String] = [
        """
        CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);

        CREATE TABLE managers(
            id INTEGER PRIMARY KEY,
            login TEXT NOT NULL UNIQUE COLLATE NOCASE,
            name TEXT NOT NULL,
            is_default INTEGER NOT NULL DEFAULT 0,
            active INTEGER NOT NULL DEFAULT 1,
            created_at INTEGER NOT NULL);

        CREATE TABLE leads(
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'unsorted',
            name TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL DEFAULT '',
            crm_link TEXT,
            manager_id INTEGER REFERENCES managers(id),
            source TEXT NOT NULL DEFAULT 'JivoChat',
            channel TEXT,
            first_page_url TEXT,
            first_page_title TEXT,
            utm TEXT NOT NULL DEFAULT '{}',
            city TEXT,
            country TEXT,
            user_token TEXT,
            visitor_number TEXT,
            client_id TEXT,
            attributes TEXT NOT NULL DEFAULT '{}',
            version INTEGER NOT NULL DEFAULT 1,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            last_activity_at INTEGER NOT NULL,
            merged_into INTEGER REFERENCES leads(id));
        CREATE INDEX leads_activity ON leads(last_activity_at DESC, id DESC);
        CREATE INDEX leads_status_activity ON leads(status, last_activity_at DESC, id DESC);
        CREATE INDEX leads_manager_activity ON leads(manager_id, last_activity_at DESC, id DESC);

        CREATE TABLE lead_emails(
            lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            value TEXT NOT NULL,
            normalized TEXT NOT NULL,
            PRIMARY KEY(lead_id, normalized));
        CREATE INDEX lead_emails_normalized ON lead_emails(normalized, lead_id);

        CREATE TABLE lead_phones(
            lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            value TEXT NOT NULL,
            normalized TEXT NOT NULL,
            PRIMARY KEY(lead_id, normalized));
        CREATE INDEX lead_phones_normalized ON lead_phones(normalized, lead_id);

        CREATE TABLE lead_keys(
            kind TEXT NOT NULL,
            scope TEXT NOT NULL,
            value TEXT NOT NULL,
            lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
            PRIMARY KEY(kind, scope, value));
        CREATE INDEX lead_keys_lead ON lead_keys(lead_id);
        CREATE INDEX lead_keys_value ON lead_keys(kind, value);

        CREATE TABLE lead_fields(
            lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            title TEXT NOT NULL,
            content TEXT NOT NULL,
            link TEXT,
            key TEXT,
            PRIMARY KEY(lead_id, position));

        CREATE TABLE events(
            id INTEGER PRIMARY KEY,
            received_at INTEGER NOT NULL,
            body BLOB NOT NULL,
            body_hash BLOB NOT NULL,
            event_name TEXT NOT NULL DEFAULT '',
            chat_id TEXT,
            widget_id TEXT,
            status TEXT NOT NULL
                CHECK(status IN ('applied', 'duplicate', 'quarantined', 'failed')),
            error TEXT,
            lead_id INTEGER REFERENCES leads(id) ON DELETE SET NULL,
            created_lead INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX events_hash ON events(body_hash);
        CREATE INDEX events_status ON events(status, id);
        CREATE INDEX events_lead ON events(lead_id);
        CREATE INDEX events_received ON events(received_at);

        CREATE TABLE chats(
            id INTEGER PRIMARY KEY,
            lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
            widget_id TEXT NOT NULL,
            chat_id TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            finished_at INTEGER,
            rate TEXT,
            blacklisted INTEGER,
            invitation TEXT,
            plain_messages TEXT,
            page_url TEXT,
            unread INTEGER NOT NULL DEFAULT 1,
            UNIQUE(widget_id, chat_id));
        CREATE INDEX chats_lead ON chats(lead_id, started_at DESC);

        CREATE TABLE chat_agents(
            chat_id INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
            agent_id TEXT NOT NULL,
            name TEXT,
            email TEXT,
            PRIMARY KEY(chat_id, agent_id));

        CREATE TABLE messages(
            id INTEGER PRIMARY KEY,
            chat_id INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
            timestamp INTEGER,
            type TEXT NOT NULL,
            agent_id TEXT,
            text TEXT NOT NULL,
            text_key INTEGER NOT NULL);
        CREATE UNIQUE INDEX messages_key ON messages(chat_id, coalesce(timestamp, -1), type, text_key);

        CREATE TABLE calls(
            id INTEGER PRIMARY KEY,
            lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
            widget_id TEXT NOT NULL,
            call_key TEXT NOT NULL,
            type TEXT,
            phone TEXT,
            status TEXT,
            reason TEXT,
            record_url TEXT,
            started_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            UNIQUE(widget_id, call_key));
        CREATE INDEX calls_lead ON calls(lead_id);

        CREATE TABLE call_statuses(
            call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
            status TEXT NOT NULL,
            at INTEGER NOT NULL,
            reason TEXT,
            PRIMARY KEY(call_id, status));

        CREATE TABLE tasks(
            id INTEGER PRIMARY KEY,
            lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            text TEXT NOT NULL,
            assignee_id INTEGER REFERENCES managers(id),
            due_at INTEGER NOT NULL,
            status TEXT NOT NULL DEFAULT 'open',
            source_key TEXT UNIQUE,
            created_at INTEGER NOT NULL,
            done_at INTEGER,
            done_by TEXT);
        CREATE INDEX tasks_open ON tasks(status, due_at);
        CREATE INDEX tasks_lead ON tasks(lead_id, status);

        CREATE TABLE conflicts(
            id INTEGER PRIMARY KEY,
            lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
            field TEXT NOT NULL,
            current TEXT NOT NULL,
            incoming TEXT NOT NULL,
            incoming_normalized TEXT NOT NULL,
            other_lead_id INTEGER REFERENCES leads(id) ON DELETE SET NULL,
            event_id INTEGER REFERENCES events(id) ON DELETE SET NULL,
            status TEXT NOT NULL DEFAULT 'open',
            resolution TEXT,
            created_at INTEGER NOT NULL,
            resolved_at INTEGER,
            resolved_by TEXT);
        CREATE INDEX conflicts_lead ON conflicts(lead_id, field, incoming_normalized);
        CREATE INDEX conflicts_open ON conflicts(status, id);

        CREATE TABLE notes(
            id INTEGER PRIMARY KEY,
            lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
            at INTEGER NOT NULL,
            author TEXT NOT NULL,
            text TEXT NOT NULL);
        CREATE INDEX notes_lead ON notes(lead_id, at);

        CREATE TABLE audit(
            id INTEGER PRIMARY KEY,
            at INTEGER NOT NULL,
            actor TEXT NOT NULL,
            lead_id INTEGER,
            action TEXT NOT NULL,
            field TEXT,
            before TEXT,
            after TEXT,
            detail TEXT);
        CREATE INDEX audit_lead ON audit(lead_id, id);

        CREATE VIRTUAL TABLE lead_search USING fts5(
            text, tokenize = 'trigram case_sensitive 0');
        CREATE VIRTUAL TABLE message_search USING fts5(
            text, content = 'messages', content_rowid = 'id',
            tokenize = 'trigram case_sensitive 0');
        CREATE TRIGGER messages_search_insert AFTER INSERT ON messages BEGIN
            INSERT INTO message_search(rowid, text) VALUES (new.id, new.text);
        END;
        CREATE TRIGGER messages_search_delete AFTER DELETE ON messages BEGIN
            INSERT INTO message_search(message_search, rowid, text)
                VALUES ('delete', old.id, old.text);
        END;
        """,
        """
        CREATE TABLE merges(
            id INTEGER PRIMARY KEY,
            survivor_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
            absorbed_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
            at INTEGER NOT NULL,
            actor TEXT NOT NULL,
            name_before TEXT NOT NULL,
            description_before TEXT NOT NULL,
            crm_link_before TEXT,
            activity_before INTEGER NOT NULL,
            name_after TEXT NOT NULL DEFAULT '',
            description_after TEXT NOT NULL DEFAULT '',
            crm_link_after TEXT,
            activity_after INTEGER NOT NULL DEFAULT 0,
            undone_at INTEGER,
            undone_by TEXT);
        CREATE INDEX merges_survivor ON merges(survivor_id, id);
        CREATE INDEX merges_absorbed ON merges(absorbed_id);

        CREATE TABLE merge_items(
            merge_id INTEGER NOT NULL REFERENCES merges(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            row_id INTEGER,
            position INTEGER,
            value TEXT,
            normalized TEXT,
            key_kind TEXT,
            key_scope TEXT);
        CREATE INDEX merge_items_merge ON merge_items(merge_id, kind);
        """,
        // Merged-away leads are few: this index lets the console count the live leads as all
        // leads less these (SQLite counts a whole table from its b-tree without reading rows),
        // and finds a lead's absorbed leads without a scan.
        """
        CREATE INDEX leads_merged ON leads(merged_into) WHERE merged_into IS NOT NULL;
        """,
        // The console's and `leads --sort`'s other orders walk these, a page at a time.
        """
        CREATE INDEX leads_created ON leads(created_at DESC, id DESC);
        CREATE INDEX leads_name ON leads((CASE WHEN name = '' THEN title ELSE name END) COLLATE NOCASE, id);
        """,
        // What an applied event did not apply, or that it had no CRM effect at all (attributes
        // in a shape not understood, a link that is not http(s), an event of no effect).
        """
        ALTER TABLE events ADD COLUMN note TEXT;
        """,
        // Each running listener (serve, or a console's) writes a row every few seconds, so
        // every console can tell whether anyone is answering JivoChat.
        """
        CREATE TABLE listener_heartbeats(
            listener TEXT PRIMARY KEY,
            address TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            beat_at INTEGER NOT NULL);
        """,
        // Operator operations, undoable one at a time: the parts of a lead each one changed,
        // before and after, and the audit rows it wrote.
        """
        CREATE TABLE operations(
            id INTEGER PRIMARY KEY,
            at INTEGER NOT NULL,
            actor TEXT NOT NULL,
            lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
            summary TEXT NOT NULL,
            undo TEXT NOT NULL,
            last_audit INTEGER NOT NULL,
            undone_at INTEGER,
            undone_by TEXT);
        CREATE INDEX operations_actor ON operations(actor, id);
        CREATE INDEX operations_lead ON operations(lead_id);

        CREATE TABLE operation_parts(
            operation_id INTEGER NOT NULL REFERENCES operations(id) ON DELETE CASCADE,
            part TEXT NOT NULL,
            before TEXT,
            after TEXT,
            PRIMARY KEY(operation_id, part));

        ALTER TABLE audit ADD COLUMN operation_id INTEGER;
        """,
        // Forwarding: every event but a duplicate is queued for each configured target by a
        // trigger, so the queue entry is written in the transaction that keeps the event. The
        // body is read from the event (and goes with it when a person is erased).
        """
        CREATE TABLE forward_targets(url TEXT PRIMARY KEY);
        CREATE TABLE outbox(
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            target TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL DEFAULT 0,
            last_error TEXT);
        CREATE INDEX outbox_target ON outbox(target, id);
        CREATE INDEX outbox_event ON outbox(event_id);
        CREATE TRIGGER events_forward AFTER INSERT ON events WHEN new.status != 'duplicate' BEGIN
            INSERT INTO outbox(event_id, target) SELECT new.id, url FROM forward_targets;
        END;
        """,
        // The lead a conflict resolved by splitting created, so the split can be undone.
        """
        ALTER TABLE conflicts ADD COLUMN split_into INTEGER;
        """,
        // A lead's emails and phones, in their order, from one covering index each: loading a
        // lead (every reply to a returning visitor) reads one page per list instead of two (the
        // primary key's index, then the row), the random pages a cold cache pays for.
        """
        CREATE INDEX lead_emails_lead ON lead_emails(lead_id, position, value, normalized);
        CREATE INDEX lead_phones_lead ON lead_phones(lead_id, position, value, normalized);
        """,
        // The ingest queues each kept event for the forward targets itself (``ForwardQueue``),
        // reading once per transaction whether there are any: the trigger ran a sub-program for
        // every event, targets or none (about 22,000 instructions an event).
        """
        DROP TRIGGER IF EXISTS events_forward;
        """,
        // A lead's contacts and remembered keys without rowids, each row in fewer b-trees that
        // every new lead writes: a list's table is the lead's list in order (one leaf, in place
        // of `lead_emails_lead`), and the index by contact both finds a contact's leads (its
        // entries carry the key) and keeps a lead from holding one contact twice; a key is in
        // its table, by lead and by value, with no rowid table beside them. The rows are copied
        // into the new tables, which then take the old names. A list's key columns are declared
        // first, in the order they are stored: SQLite 3.40's integrity_check reports a NOT NULL
        // column that a table without rowids stores out of its declared order as NULL.
        """
        CREATE TABLE lead_emails_new(
            lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            normalized TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY(lead_id, position, normalized)) WITHOUT ROWID;
        INSERT INTO lead_emails_new(lead_id, position, value, normalized)
            SELECT lead_id, position, value, normalized FROM lead_emails ORDER BY lead_id, position, normalized;
        DROP TABLE lead_emails;
        ALTER TABLE lead_emails_new RENAME TO lead_emails;
        CREATE UNIQUE INDEX lead_emails_normalized ON lead_emails(normalized, lead_id);

        CREATE TABLE lead_phones_new(
            lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            normalized TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY(lead_id, position, normalized)) WITHOUT ROWID;
        INSERT INTO lead_phones_new(lead_id, position, value, normalized)
            SELECT lead_id, position, value, normalized FROM lead_phones ORDER BY lead_id, position, normalized;
        DROP TABLE lead_phones;
        ALTER TABLE lead_phones_new RENAME TO lead_phones;
        CREATE UNIQUE INDEX lead_phones_normalized ON lead_phones(normalized, lead_id);

        CREATE TABLE lead_keys_new(
            kind TEXT NOT NULL,
            scope TEXT NOT NULL,
            value TEXT NOT NULL,
            lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
            PRIMARY KEY(kind, scope, value)) WITHOUT ROWID;
        INSERT INTO lead_keys_new(kind, scope, value, lead_id)
            SELECT kind, scope, value, lead_id FROM lead_keys ORDER BY kind, scope, value;
        DROP TABLE lead_keys;
        ALTER TABLE lead_keys_new RENAME TO lead_keys;
        CREATE INDEX lead_keys_lead ON lead_keys(lead_id);
        CREATE INDEX lead_keys_value ON lead_keys(kind, value, lead_id);
        """,
        // The trigram indexes merge their segments when 16 are at one level (FTS5's most),
        // where FTS5 merges at 4 unless told. Merging was most of the cost of a search row or
        // a transcript message: each segment FTS5 writes is merged again at every level above
        // it, and a store that takes new leads all day builds many levels. Wider levels mean
        // fewer of them, so less rewriting; a search reads a few more segments (a tenth of a
        // millisecond more on 116,000 leads; no change seen at 1,000,000).
        """
        INSERT INTO lead_search(lead_search, rank) VALUES ('automerge', 16);
        INSERT INTO message_search(message_search, rank) VALUES ('automerge', 16);
        """,
        // The events table checks a status with `=` comparisons: SQLite builds a temporary
        // table for an `IN` of more than two values each time it checks one, and did so for
        // every event kept (30,000 instructions, a tenth of a returning visitor's event). The
        // definition's text is edited in place, by the procedure SQLite's ALTER TABLE page
        // gives for removing a CHECK (no row is rewritten), instead of copying every kept event
        // into a new table: sound here because the new check accepts exactly the rows the old
        // one did. `migrate` moves the schema's version for it.
        """
        PRAGMA writable_schema = ON;
        UPDATE sqlite_schema
            SET sql = replace(sql,
                'CHECK(status IN (''applied'', ''duplicate'', ''quarantined'', ''failed''))',
                'CHECK(status = ''applied'' OR status = ''duplicate'' OR status = ''quarantined'' OR status = ''failed'')')
            WHERE type = 'table' AND name = 'events';
        PRAGMA writable_schema = RESET;
        """,
        // No index of every lead by activity: the list of all leads newest activity first walks
        // each status's leads in `leads_status_activity` and merges the walks
        // (`LeadListRepository+ActivityMerge`), so every event that moves a lead's activity
        // rewrites one index entry fewer (a random leaf of a large store, and 15,000
        // instructions of a returning visitor's event).
        "DROP INDEX IF EXISTS leads_activity;",
        // No index of the events by lead, and no foreign key from an event to its lead. The
        // index served only that key's action when a lead is deleted (every other read of a
        // lead's events scans them), yet every returning visitor's event wrote an entry into a
        // random leaf of it, a page read and written per event in a large store, and the key
        // looked the lead up: 11,000 instructions of a returning visitor's event, 6,000 of a new
        // one's. Only an erasure deletes leads, and it deletes every event of the leads first,
        // so the action (set the event's lead to NULL) never had a row to change; without the
        // index it would have scanned every kept event for each lead erased. Ingest writes only
        // the lead it has just found or created. The key goes by the same in-place edit of the
        // definition as version 14's status check (no row is rewritten).
        """
        DROP INDEX IF EXISTS events_lead;
        PRAGMA writable_schema = ON;
        UPDATE sqlite_schema
            SET sql = replace(sql, 'lead_id INTEGER REFERENCES leads(id) ON DELETE SET NULL,', 'lead_id INTEGER,')
            WHERE type = 'table' AND name = 'events';
        PRAGMA writable_schema = RESET;
        """,
        // The events by status hold only those not applied (duplicate, quarantined, failed):
        // the lists and counts that read the index ask for those alone and name its condition
        // (``EventInbox/unapplied``), while an applied event, nearly every one, wrote an entry
        // that no reader wanted: 7,000 instructions of a returning visitor's event, 6,000 of a
        // new one's. Building the new index reads every kept event once, when a store is
        // opened by this version (3 seconds for 1,100,000 events, 2.2 GB, from a cold cache).
        """
        DROP INDEX IF EXISTS events_status;
        CREATE INDEX IF NOT EXISTS events_unapplied ON events(status, id) WHERE status <> 'applied';
        """,
        // Notes, tasks and conflicts never take a number again (AUTOINCREMENT): one an undo or
        // an unmerge removed was the largest, and SQLite gave the next one its number, so the
        // audit's "note #1 added" named another lead's note. Each table is copied into one of
        // the new definition (a few rows per lead), its indexes made again.
        """
        CREATE TABLE notes_new(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
            at INTEGER NOT NULL,
            author TEXT NOT NULL,
            text TEXT NOT NULL);
        INSERT INTO notes_new(id, lead_id, at, author, text) SELECT id, lead_id, at, author, text FROM notes;
        DROP TABLE notes;
        ALTER TABLE notes_new RENAME TO notes;
        CREATE INDEX notes_lead ON notes(lead_id, at);
        CREATE TABLE tasks_new(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            text TEXT NOT NULL,
            assignee_id INTEGER REFERENCES managers(id),
            due_at INTEGER NOT NULL,
            status TEXT NOT NULL DEFAULT 'open',
            source_key TEXT UNIQUE,
            created_at INTEGER NOT NULL,
            done_at INTEGER,
            done_by TEXT);
        INSERT INTO tasks_new(id, lead_id, kind, text, assignee_id, due_at, status, source_key, created_at, done_at, done_by)
            SELECT id, lead_id, kind, text, assignee_id, due_at, status, source_key, created_at, done_at, done_by FROM tasks;
        DROP TABLE tasks;
        ALTER TABLE tasks_new RENAME TO tasks;
        CREATE INDEX tasks_open ON tasks(status, due_at);
        CREATE INDEX tasks_lead ON tasks(lead_id, status);
        CREATE TABLE conflicts_new(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
            field TEXT NOT NULL,
            current TEXT NOT NULL,
            incoming TEXT NOT NULL,
            incoming_normalized TEXT NOT NULL,
            other_lead_id INTEGER REFERENCES leads(id) ON DELETE SET NULL,
            event_id INTEGER REFERENCES events(id) ON DELETE SET NULL,
            status TEXT NOT NULL DEFAULT 'open',
            resolution TEXT,
            created_at INTEGER NOT NULL,
            resolved_at INTEGER,
            resolved_by TEXT,
            split_into INTEGER);
        INSERT INTO conflicts_new(id, lead_id, field, current, incoming, incoming_normalized, other_lead_id, event_id,
                status, resolution, created_at, resolved_at, resolved_by, split_into)
            SELECT id, lead_id, field, current, incoming, incoming_normalized, other_lead_id, event_id,
                status, resolution, created_at, resolved_at, resolved_by, split_into FROM conflicts;
        DROP TABLE conflicts;
        ALTER TABLE conflicts_new RENAME TO conflicts;
        CREATE INDEX conflicts_lead ON conflicts(lead_id, field, incoming_normalized);
        CREATE INDEX conflicts_open ON conflicts(status, id);
        """,
        // The name the visitor gave in each chat, kept with the chat: the timeline labelled a
        // chat's visitor messages with the lead's current name, so a chat a merge brought over
        // from another person (or one from before a rename) read as the lead's. Chats kept
        // before have none, and show the lead's name as they did.
        "ALTER TABLE chats ADD COLUMN visitor_name TEXT;",
    ]

    /// The version a store has after every migration.
    static var currentVersion: Int64 { Int64(migrations.count) }

    /// Brings `database` to the current version, each migration in its own write transaction.
    /// The version is read again inside each transaction (which holds the write lock), so
    /// processes that open a new store at once run every migration exactly once between them.
    /// Each migration leaves the schema's version (SQLite's schema cookie) moved, as every
    /// CREATE, DROP and ALTER does: a connection that is open already reads the definitions
    /// again before its next statement, even after a migration that edits one in place, which
    /// SQLite does not count as a change.
    static func migrate(_ database: Database) throws {
        try checkNotTooNew(database, try database.userVersion)
        while try database.userVersion < currentVersion {
            try database.write {
                let version = try database.userVersion
                try checkNotTooNew(database, version)
                guard version < currentVersion else { return }
                let cookie = try database.scalar("PRAGMA schema_version") ?? 0
                try database.execute(migrations[Int(version)])
                if try database.scalar("PRAGMA schema_version") == cookie {
                    try database.execute("PRAGMA schema_version = \(cookie + 1)")
                }
                try database.execute("PRAGMA user_version = \(version + 1)")
            }
        }
    }

    private static func checkNotTooNew(_ database: Database, _ version: Int64) throws {
        guard version <= currentVersion else {
            throw StoreError(
                kind: .tooNew,
                message: "the store at \(database.path) has schema version \(version), newer than "
                    + "this jivocrm knows (\(currentVersion)); upgrade jivocrm")
        }
    }
}
