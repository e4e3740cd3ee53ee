import CRMCore
import Testing
import TestSupport

@testable import CRMStore

/// Schema version 12: a lead's emails, phones and remembered keys are tables without rowids,
/// each row in fewer b-trees; a store of version 11 has its rows copied into them when opened.
@Suite("Lead contacts and keys without rowids")
struct LeadContactTablesMigrationTests {
    /// Creates a store of schema version 11 at `path`, holding three leads (the third merged
    /// into the first) with emails, phones (two leads sharing one) and keys of every kind.
    private static func makeVersion11Store(at path: String) throws {
        let database = try Schema.database(at: path, version: 11)
        try database.execute(
            """
            INSERT INTO leads(id, title, channel, created_at, updated_at, last_activity_at)
                VALUES (1, 'One', 'w1', 0, 0, 0), (2, 'Two', 'w2', 0, 0, 0), (3, 'Three', 'w1', 0, 0, 0);
            UPDATE leads SET merged_into = 1 WHERE id = 3;
            INSERT INTO lead_emails(lead_id, position, value, normalized) VALUES
                (1, 1, 'B@example.com', 'b@example.com'), (1, 0, 'a@example.com', 'a@example.com'),
                (1, 2, 'shared@example.com', 'shared@example.com'), (2, 0, 'Shared@Example.com', 'shared@example.com');
            INSERT INTO lead_phones(lead_id, position, value, normalized) VALUES
                (1, -1, '+7 916 000-00-01', '+79160000001'), (1, 0, '8 916 000 00 02', '+79160000002'),
                (2, 0, '+7 916 000-00-02', '+79160000002');
            INSERT INTO lead_keys(kind, scope, value, lead_id) VALUES
                ('user_token', '', 'token-1', 1), ('visitor', 'w1', '17', 1), ('visitor', 'w2', '17', 2),
                ('client', '', 'client-9', 2), ('client', '', 'client-9-old', 3);
            """)
    }

    /// Every row of the three tables, as text, in one order.
    private static func rows(_ database: Database) throws -> [String] {
        try database.rows(
            """
            SELECT 'email ' || lead_id || ' ' || position || ' ' || value || ' ' || normalized FROM lead_emails
            UNION ALL SELECT 'phone ' || lead_id || ' ' || position || ' ' || value || ' ' || normalized FROM lead_phones
            UNION ALL SELECT 'key ' || kind || ' ' || scope || ' ' || value || ' ' || lead_id FROM lead_keys
            ORDER BY 1
            """
        ) { $0.text(0) }
    }

    /// The lookups ingest matches visitors by.
    private static let lookups: [LeadKey] = [
        .email("a@example.com"), .email("shared@example.com"), .email("none@example.com"),
        .phone("+79160000001"), .phone("+79160000002"), .remembered(.userToken, scope: "", value: "token-1"),
        .remembered(.visitor, scope: "w2", value: "17"), .remembered(.visitor, scope: "w3", value: "17"),
        .clientOnChannel("w2", value: "client-9"), .clientOnChannel("w1", value: "client-9"),
    ]

    /// A version 11 store in `directory`, opened (and so migrated) as a `Store`.
    private static func migratedVersion11Store(in directory: TemporaryDirectory) throws -> Store {
        let path = directory.file("crm.sqlite")
        try makeVersion11Store(at: path)
        return try Store(path: path)
    }

    @Test("a version 11 store keeps every contact and key, found and loaded as before, in tables without rowids")
    func aVersion11StoreIsMigrated() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("crm.sqlite")
        try Self.makeVersion11Store(at: path)
        let before: (rows: [String], found: [Int64?], leads: [Lead?])
        do {
            let database = try Database(path: path)
            let repository = LeadRepository(database: database)
            let loader = LeadLoader(database: database)
            before = (
                try Self.rows(database), try Self.lookups.map { try repository.lead(for: $0) },
                try [1, 2, 3].map { try loader.lead($0) }
            )
        }
        #expect(before.found == [1, 1, nil, 1, 1, 1, 2, nil, 2, nil])

        let store = try Store(path: path)
        let database = store.database
        #expect(try database.userVersion == Schema.currentVersion)
        #expect(try Self.rows(database) == before.rows)
        let repository = LeadRepository(database: database)
        #expect(try Self.lookups.map { try repository.lead(for: $0) } == before.found)
        #expect(try [1, 2, 3].map { try store.lead($0) } == before.leads)
        #expect(try store.lead(1)?.emails.map(\.value) == ["a@example.com", "B@example.com", "shared@example.com"])
        #expect(try database.integrityProblems() == [])
        #expect(try database.rows("PRAGMA foreign_key_check") { $0.text(0) } == [])
        #expect(
            try database.rows(
                "SELECT name FROM pragma_table_list WHERE wr = 1 AND name IN ('lead_emails', 'lead_phones', 'lead_keys') ORDER BY name"
            ) { $0.text(0) } == ["lead_emails", "lead_keys", "lead_phones"])
        #expect(
            try database.rows(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('lead_emails', 'lead_phones', 'lead_keys') ORDER BY name"
            ) { $0.text(0) } == [
                "lead_emails_normalized", "lead_keys_lead", "lead_keys_value", "lead_phones_normalized",
            ])
    }

    @Test("a lead holds a contact once, whatever its position, and a key is remembered for one lead")
    func uniquenessIsKept() throws {
        let directory = TemporaryDirectory()
        let store = try Self.migratedVersion11Store(in: directory)
        let database = store.database
        try database.run(
            "INSERT OR IGNORE INTO lead_emails(lead_id, position, value, normalized) VALUES (1, 7, 'A@Example.com', 'a@example.com')"
        )
        #expect(database.changes == 0)
        #expect(throws: StoreError.self) {
            try database.run(
                "INSERT INTO lead_phones(lead_id, position, value, normalized) VALUES (2, 5, '+7 916 000 00 02', '+79160000002')"
            )
        }
        try database.run(
            "INSERT OR IGNORE INTO lead_keys(kind, scope, value, lead_id) VALUES ('user_token', '', 'token-1', 2)")
        #expect(database.changes == 0)
        #expect(
            try LeadRepository(database: database).lead(for: .remembered(.userToken, scope: "", value: "token-1")) == 1)
    }

    @Test("deleting a lead removes its contacts and keys through the foreign keys")
    func deletingALeadCascades() throws {
        let directory = TemporaryDirectory()
        let store = try Self.migratedVersion11Store(in: directory)
        let rows = try Self.rows(store.database).count
        try store.database.run("DELETE FROM leads WHERE id = 2")
        for table in ["lead_emails", "lead_phones", "lead_keys"] {
            #expect(try store.database.scalar("SELECT count(*) FROM \(table) WHERE lead_id = 2") == 0)
        }
        #expect(try Self.rows(store.database).count == rows - 4)
        #expect(try store.database.rows("PRAGMA foreign_key_check") { $0.text(0) } == [])
    }
}
