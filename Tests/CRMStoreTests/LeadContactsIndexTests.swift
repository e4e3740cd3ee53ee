import Testing
import TestSupport

@testable import CRMStore

/// A lead's emails and phones come from one b-tree each (a covering index from schema version
/// 10, the table itself, without rowids, from version 12): loading a lead, as every reply to a
/// returning visitor does, reads one page per list, not two.
@Suite("A lead's contacts from covering indexes")
struct LeadContactsIndexTests {
    @Test("loading a lead reads its emails and phones, in order, from their table's primary key alone")
    func contactsAreReadFromTheCoveringIndex() throws {
        let directory = TemporaryDirectory()
        let store = try Store(path: directory.file("crm.sqlite"))
        for table in ["lead_emails", "lead_phones"] {
            let plan = try store.database.rows(
                "EXPLAIN QUERY PLAN SELECT value, normalized FROM \(table) WHERE lead_id = ? ORDER BY position",
                [.integer(1)]
            ) { $0.text(3) }
            #expect(plan == ["SEARCH \(table) USING PRIMARY KEY (lead_id=?)"])
        }
    }

    @Test("a version 9 store is brought to the current schema when it is opened, and its contacts read as before")
    func anOlderStoreIsMigrated() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("crm.sqlite")
        do {
            let database = try Schema.database(at: path, version: 9)
            try database.execute(
                """
                INSERT INTO leads(id, title, created_at, updated_at, last_activity_at) VALUES (1, 'Lead', 0, 0, 0);
                INSERT INTO lead_emails(lead_id, position, value, normalized)
                    VALUES (1, 1, 'B@example.com', 'b@example.com'), (1, 0, 'a@example.com', 'a@example.com');
                """)
        }
        let store = try Store(path: path)
        #expect(try store.database.userVersion == Schema.currentVersion)
        #expect(try store.lead(1)?.emails.map(\.value) == ["a@example.com", "B@example.com"])
    }
}
