import CRMStore
import Dispatch
import Foundation
import Locking
import PostgresClient
import Testing
import TestSupport

/// Why every write transaction on PostgreSQL takes one advisory lock (docs/ARCHITECTURE.md, "Why
/// one writer lock"): a writer on another connection waits for the open one, whatever it touches,
/// so a new visitor arriving at two listeners becomes one lead and ids follow the commit order.
/// Observed through `pg_locks`, not timed.
@Suite("the writers' lock on PostgreSQL", .serialized)
struct PostgresWriterLockTests {
    @Test(
        "a second writer waits for the open one, for the same visitor (then matching its new lead) and for another",
        arguments: ["same@example.com", "other@example.com"])
    func secondWriterWaits(email: String) throws {
        let cluster = try PostgresCluster()
        let url = try cluster.createDatabase("crm")
        let first = try Store(path: url)
        let observer = try PostgresConnection(#require(PostgresAddress(url)))
        let second = Locked<String?>(nil)
        let done = DispatchSemaphore(value: 0)
        let created = try first.database.write {
            let result = try first.ingest(
                body: ServeBodies.accepted(chat: "a-1", email: "same@example.com"), receivedAt: 1_700_000_000_000)
            Thread {
                defer { done.signal() }
                do {
                    let store = try Store(path: url)
                    let result = try store.database.write {
                        try store.ingest(
                            body: ServeBodies.accepted(chat: "b-1", email: email), receivedAt: 1_700_000_001_000)
                    }
                    second.withLock { $0 = "\(result.leadID.map(String.init) ?? "-") \(result.created)" }
                } catch {
                    second.withLock { $0 = "\(error)" }
                }
            }.start()
            let waiting = eventually(attempts: 600, every: 50_000) {
                let rows = try? observer.query(
                    "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
                return (try? rows?.first?.integer("n")) == 1
            }
            #expect(waiting, "the second writer did not wait for the writers' lock")
            #expect(second.withLock { $0 } == nil, "the second writer ran while the first was open")
            return result
        }
        done.wait()
        let lead = try #require(created.leadID)
        let outcome = second.withLock { $0 }
        if email == "same@example.com" {
            #expect(outcome == "\(lead) false", "the same new visitor at the second writer")
        } else {
            #expect(outcome == "\(lead + 1) true", "another visitor gets a lead of their own, numbered after")
        }
        let leads = try observer.query("SELECT count(*) AS n FROM leads").first?.integer("n")
        #expect(leads == (email == "same@example.com" ? 1 : 2))
    }
}
