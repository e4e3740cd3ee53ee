import CRMStore
import Listener
import Locking
import Testing
import TestSupport

/// A started listener reads the interior pages of its store's B-trees into the page cache on a
/// thread of its own, and says so in its log.
@Suite("The listener's warm-up")
struct WebhookListenerWarmUpTests {
    @Test("the listener reads every interior page of its store and logs how many, done before stop returns")
    func listenerWarmsItsStore() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-warm-up")
        let path = directory.file("crm.sqlite")
        let store = try Store(path: path)
        try store.database.execute(
            """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
            INSERT INTO leads(id, title, created_at, updated_at, last_activity_at)
                SELECT i, 'Lead ' || i, i, i, i FROM n;
            INSERT INTO lead_emails(lead_id, position, value, normalized)
                SELECT id, 0, 'visitor' || id || '@example.com', 'visitor' || id || '@example.com' FROM leads;
            PRAGMA wal_checkpoint(TRUNCATE);
            """)
        let interior = try #require(
            try store.database.scalar("SELECT count(*) FROM dbstat WHERE pagetype = 'internal'"))
        let trees = try #require(
            try store.database.scalar("SELECT count(DISTINCT name) FROM dbstat WHERE pagetype = 'internal'"))
        #expect(interior > 0)
        let lines = Locked<[String]>([])
        let listener = WebhookListener(
            configuration: WebhookListener.Configuration(
                host: "127.0.0.1", port: 0, tokens: ["test-token-0123456789abcdef"], storePath: path),
            log: { line in lines.withLock { $0.append(line) } })
        _ = try listener.start()
        listener.stop(grace: 1)
        let logged = lines.withLock { $0 }.filter { $0.contains("index pages") }
        #expect(logged.count == 1)
        #expect(
            logged.first?.hasPrefix("read \(interior) index pages of \(trees) B-trees into the page cache in ") == true)
    }
}
