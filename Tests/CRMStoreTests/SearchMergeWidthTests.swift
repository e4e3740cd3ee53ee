import CRMCore
import Testing
import TestSupport

@testable import CRMStore

/// Schema version 13: the trigram indexes (`lead_search`, `message_search`) merge their
/// segments 16 to a level instead of FTS5's 4, which rewrites each search row and transcript
/// message fewer times; a store of version 12 is given the setting when opened, and keeps
/// finding what it found.
@Suite("Trigram indexes merged 16 segments to a level")
struct SearchMergeWidthTests {
    /// The `automerge` setting of each trigram table of `database`, by table (absent: FTS5's 4).
    private static func mergeWidths(_ database: Database) throws -> [String: Int64] {
        var widths: [String: Int64] = [:]
        for table in ["lead_search", "message_search"] {
            widths[table] = try database.scalar("SELECT v FROM \(table)_config WHERE k = 'automerge'")
        }
        return widths
    }

    @Test("a new store's trigram tables merge 16 segments to a level")
    func aNewStoreMergesWide() throws {
        let directory = TemporaryDirectory()
        let store = try Store(path: directory.file("crm.sqlite"))
        #expect(try Self.mergeWidths(store.database) == ["lead_search": 16, "message_search": 16])
    }

    @Test("a version 12 store is given the setting when opened, and its leads and messages are still found")
    func aVersion12StoreIsMigrated() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("crm.sqlite")
        do {
            let database = try Schema.database(at: path, version: 12)
            #expect(try Self.mergeWidths(database) == [:])
            try database.execute(
                """
                INSERT INTO leads(id, title, name, created_at, updated_at, last_activity_at)
                    VALUES (1, 'JivoChat #7 - Tom Clifton', 'Tom Clifton', 0, 0, 0),
                           (2, 'JivoChat #8 - Anna Petrova', 'Anna Petrova', 0, 0, 0);
                INSERT INTO lead_emails(lead_id, position, value, normalized)
                    VALUES (1, 0, 'tom@example.com', 'tom@example.com');
                INSERT INTO lead_search(rowid, text)
                    VALUES (1, 'JivoChat #7 - Tom Clifton tom@example.com'), (2, 'JivoChat #8 - Anna Petrova');
                INSERT INTO chats(id, lead_id, widget_id, chat_id, started_at) VALUES (1, 1, 'w1', '7', 0);
                INSERT INTO messages(chat_id, timestamp, type, text, text_key)
                    VALUES (1, 0, 'visitor', 'Где моя доставка?', 1);
                """)
        }
        let store = try Store(path: path)
        #expect(try store.database.userVersion == Schema.currentVersion)
        #expect(try Self.mergeWidths(store.database) == ["lead_search": 16, "message_search": 16])
        for query in ["clifton", "tom@example", "ДОСТАВКА"] {
            #expect(try store.leads(LeadFilter(search: query)).map(\.lead.id) == [1], "\(query)")
        }
        for table in ["lead_search", "message_search"] {
            try store.database.execute("INSERT INTO \(table)(\(table)) VALUES ('integrity-check')")
        }
    }
}
