import CRMStore
import Testing
import TestSupport

/// A lead's emails and phones come from one covering index each (schema version 10): loading
/// a lead, as every reply to a returning visitor does, reads one page per list, not two.
@Suite("A lead's contacts from covering indexes")
struct LeadContactsIndexTests {
    @Test("loading a lead reads its emails and phones, in order, from their covering index alone")
    func contactsAreReadFromTheCoveringIndex() throws {
        let directory = TemporaryDirectory()
        let store = try Store(path: directory.file("crm.sqlite"))
        for table in ["lead_emails", "lead_phones"] {
            let plan = try store.database.rows(
                "EXPLAIN QUERY PLAN SELECT value, normalized FROM \(table) WHERE lead_id = ? ORDER BY position",
                [.integer(1)]
            ) { $0.text(3) }
            #expect(plan == ["SEARCH \(table) USING COVERING INDEX \(table)_lead (lead_id=?)"])
        }
    }

    @Test("a version 9 store gains the indexes when it is opened, and its contacts read as before")
    func anOlderStoreGainsTheIndexes() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("crm.sqlite")
        let version: Int64
        do {
            let store = try Store(path: path)
            version = try store.database.userVersion
            try store.database.execute(
                """
                INSERT INTO leads(id, title, created_at, updated_at, last_activity_at) VALUES (1, 'Lead', 0, 0, 0);
                INSERT INTO lead_emails(lead_id, position, value, normalized)
                    VALUES (1, 1, 'B@example.com', 'b@example.com'), (1, 0, 'a@example.com', 'a@example.com');
                DROP INDEX lead_emails_lead;
                DROP INDEX lead_phones_lead;
                PRAGMA user_version = 9;
                """)
        }
        let store = try Store(path: path)
        #expect(try store.database.userVersion == version)
        #expect(
            try store.database.scalar(
                "SELECT count(*) FROM sqlite_master WHERE name IN ('lead_emails_lead', 'lead_phones_lead')") == 2)
        #expect(try store.lead(1)?.emails.map(\.value) == ["a@example.com", "B@example.com"])
    }
}
