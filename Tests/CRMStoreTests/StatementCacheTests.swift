import PostgresClient
import Testing
import TestSupport

@testable import CRMStore

/// The PostgreSQL engine keeps a bounded number of statements prepared: the least recently used
/// leaves the cache and the server.
@Suite("Prepared statements: a bounded cache")
struct StatementCacheTests {
    @Test("the least recently used entry leaves when a new one would exceed the capacity")
    func evictsTheLeastRecentlyUsed() {
        var cache = StatementCache<Int>(capacity: 2)
        #expect(cache.insert(1, for: "a") == nil)
        #expect(cache.insert(2, for: "b") == nil)
        #expect(cache.value(for: "a") == 1)
        #expect(cache.insert(3, for: "c") == 2)
        #expect(cache.value(for: "b") == nil)
        #expect(cache.count == 2)
        #expect(cache.insert(4, for: "d") == 1)
        #expect(cache.value(for: "c") == 3)
        #expect(cache.value(for: "d") == 4)
    }

    @Test("a text kept again gives back the value it replaces, and nothing else leaves")
    func replacing() {
        var cache = StatementCache<Int>(capacity: 2)
        _ = cache.insert(1, for: "a")
        _ = cache.insert(2, for: "b")
        #expect(cache.insert(5, for: "a") == 1)
        #expect(cache.count == 2)
        #expect(cache.value(for: "b") == 2)
        cache.removeAll()
        #expect(cache.count == 0)
        #expect(cache.value(for: "a") == nil)
    }

    @Test("a capacity below one keeps one entry")
    func smallestCapacity() {
        var cache = StatementCache<Int>(capacity: 0)
        #expect(cache.capacity == 1)
        #expect(cache.insert(1, for: "a") == nil)
        #expect(cache.insert(2, for: "b") == 1)
    }

    @Test("on PostgreSQL the server holds at most the capacity, and an evicted statement runs again")
    func serverHoldsTheBound() throws {
        let harness = try StoreHarness(engine: .postgres)
        let cluster = try #require(harness.cluster)
        let engine = try PostgresEngine(
            #require(PostgresAddress(cluster.url(database: "crm"))), statementCapacity: 3)
        for number in 1...5 {
            #expect(try engine.run("SELECT \(number) + ?", [.integer(1)]).first?.first == .integer(Int64(number) + 1))
        }
        let held = try engine.connection.query("SELECT statement FROM pg_prepared_statements ORDER BY name")
            .map { try $0.text("statement") }
        #expect(held == ["SELECT 3 + $1", "SELECT 4 + $1", "SELECT 5 + $1"])
        #expect(try engine.run("SELECT 1 + ?", [.integer(1)]).first?.first == .integer(2))
        let after = try engine.connection.query("SELECT count(*) AS held FROM pg_prepared_statements")
        #expect(try after.first?.integer("held") == 3)
    }
}
