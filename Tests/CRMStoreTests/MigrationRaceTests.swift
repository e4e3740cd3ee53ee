import CRMStore
import Foundation
import Synchronization
import Testing
import TestSupport

@Suite("Schema creation under concurrency")
struct MigrationRaceTests {
    @Test("stores opened at once on a new path create the schema once, and every open succeeds")
    func concurrentFirstOpensCreateTheSchemaOnce() throws {
        for round in 0..<10 {
            let directory = TemporaryDirectory()
            let path = directory.file("crm-\(round).sqlite")
            let failures = Mutex<[String]>([])
            let group = DispatchGroup()
            for _ in 0..<6 {
                group.enter()
                Thread.detachNewThread {
                    defer { group.leave() }
                    do {
                        _ = try Store(path: path)
                    } catch {
                        failures.withLock { $0.append("\(error)") }
                    }
                }
            }
            group.wait()
            #expect(failures.withLock { $0 }.isEmpty, "round \(round): \(failures.withLock { $0 })")
            let store = try Store(path: path)
            let alone = try Store(path: directory.file("alone-\(round).sqlite"))
            #expect(try store.database.userVersion == alone.database.userVersion)
            #expect(try store.database.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'settings'") == 1)
        }
    }
}
