import CRMCore
import CRMStore
import Testing
import TestSupport

/// What wakes every console: a feed on its own connection says when another connection
/// committed, on SQLite (`data_version`) and on PostgreSQL (the change triggers' notifications).
@Suite("Store change feed: other connections' commits")
struct StoreChangeFeedTests {
    /// The address of the harness's store.
    private static func address(_ harness: StoreHarness) -> StoreAddress {
        StoreAddress(harness.cluster?.url(database: "crm") ?? harness.directory.file("crm.sqlite"))
    }

    /// Whether the feed says yes within a bounded number of short waits.
    private static func changes(_ feed: StoreChangeFeed) -> Bool {
        (0..<40).contains { _ in feed.waitForChange(milliseconds: 250) }
    }

    @Test("a commit on another connection shows; reads and nothing do not", arguments: StoreEngine.allCases)
    func commitsShow(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let feed = try StoreChangeFeed(address: Self.address(harness))
        #expect(!feed.waitForChange(milliseconds: 50))
        _ = try harness.store.leads(LeadFilter(limit: 10))
        #expect(!feed.waitForChange(milliseconds: 50))
        try harness.deliver(StoreHarness.accepted(chat: 1, email: "tom@example.com"))
        #expect(Self.changes(feed))
        #expect(!feed.waitForChange(milliseconds: 50), "one commit shows once")
        let id = try #require(try harness.store.leads(LeadFilter(limit: 10)).first?.lead.id)
        try harness.store.setStatus(id, .open, actor: "alice")
        #expect(Self.changes(feed))
    }

    @Test("on PostgreSQL a lost connection is made again and says so once; later commits show")
    func aLostConnectionComesBack() throws {
        let harness = try StoreHarness(engine: .postgres)
        let cluster = try #require(harness.cluster)
        let feed = try StoreChangeFeed(address: Self.address(harness))
        _ = try cluster.psql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN %'", database: "crm")
        #expect(Self.changes(feed), "the feed did not come back")
        #expect(!feed.waitForChange(milliseconds: 50))
        try harness.deliver(StoreHarness.accepted(chat: 1, email: "tom@example.com"))
        #expect(Self.changes(feed))
    }
}
