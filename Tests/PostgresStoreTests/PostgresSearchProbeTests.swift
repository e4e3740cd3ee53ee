import CRMCore
import Foundation
import Testing
import TestSupport

@testable import CRMStore

/// A search's page and its count share one probe of the search rows on PostgreSQL while the
/// database writes nothing, and never an answer another connection's write has made stale.
@Suite("PostgreSQL search probes", .serialized)
struct PostgresSearchProbeTests {
    @Test("a probe is reused for the same patterns while the log stands still, and made again when either moves")
    func theCacheReusesOnlyTheSameProbeAtTheSamePosition() throws {
        let cache = SearchProbeCache()
        var probes = 0
        let probe = { () -> (leads: [Int64], messages: [Int64]) in
            probes += 1
            return ([Int64(probes)], [])
        }
        #expect(cache.hits(for: ["%maria%", 20_000], at: "0/100", probe: probe).leads == [1])
        #expect(cache.hits(for: ["%maria%", 20_000], at: "0/100", probe: probe).leads == [1])
        #expect(cache.hits(for: ["%maria%", 20_000], at: "0/180", probe: probe).leads == [2])
        #expect(cache.hits(for: ["%maria%", 1], at: "0/180", probe: probe).leads == [3])
        #expect(cache.hits(for: ["%ivan%", 1], at: "0/180", probe: probe).leads == [4])
        #expect(probes == 4)
    }

    @Test("a count after another connection's write counts that write: broad once it reaches the threshold")
    func anotherConnectionsWriteIsCounted() throws {
        let cluster = try PostgresCluster()
        let url = try cluster.createDatabase("crm")
        let reader = try Store(path: url)
        let writer = try Store(path: url)
        reader.broadSearchHits = 3
        var now: Int64 = 1_700_000_000_000
        func arrive(_ number: Int) throws {
            now += 1000
            let body = ServeBodies.accepted(chat: "probe-\(number)", email: "maria\(number)@example.com")
            _ = try writer.database.write { try writer.ingest(body: body, receivedAt: now) }
        }
        try arrive(1)
        try arrive(2)
        var filter = LeadFilter()
        filter.search = "maria"
        #expect(try reader.leads(filter).count == 2)
        #expect(try reader.leadCount(filter) == 2)
        try arrive(3)
        #expect(try reader.leadCount(filter) == nil, "the count reused a probe made before the third lead")
        #expect(try reader.leads(filter).count == 3)
    }
}
