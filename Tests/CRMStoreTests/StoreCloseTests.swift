import CRMCore
import Foundation
import PostgresClient
import Testing
import TestSupport

@testable import CRMStore

/// A store that is let go closes its connection: the listener opens one for every lead page
/// and metrics request, so a connection that outlived its store kept its descriptors, its
/// page cache and (on PostgreSQL) a server session for the rest of the process.
@Suite struct StoreCloseTests {
    /// Settings under which replies carry a link to the lead's page (signed with the store's key).
    private var settings: CRMSettings {
        var settings = CRMSettings()
        settings.publicURL = "https://crm.example.com"
        return settings
    }

    /// Writes, reads and searches through `store` as ingest, the console and the lead pages do,
    /// so that it has statements prepared and a lead page key in use.
    private func use(_ store: Store, chat: Int) throws {
        let body = StoreHarness.accepted(chat: chat, email: "tom\(chat)@example.com", number: String(chat)).bytes
        let result = try store.database.write { try store.ingest(body: body, receivedAt: 1_700_000_000_000) }
        #expect(result.status == "applied")
        #expect(try store.leadPageURL(#require(result.leadID)) != nil)
        #expect(try store.leads(LeadFilter(search: "tom\(chat)")).count == 1)
        #expect(try store.detail(#require(result.leadID)) != nil)
    }

    @Test("a SQLite store let go closes its file and its log: no descriptor stays, SQLite's last close removes the log")
    func aSQLiteStoreLetGoClosesItsFile() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-close")
        let path = directory.file("crm.sqlite")
        do {
            let store = try Store(path: path, settings: settings)
            try use(store, chat: 1)
            #expect(!directory.openDescriptors.isEmpty)
            #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        }
        #expect(directory.openDescriptors == [])
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"), "the last connection did not close")
        // The listener's writer: durability deferred to its syncer, checkpoints handed off.
        do {
            let store = try Store(path: path, settings: settings)
            try store.database.deferDurability()
            store.database.handOffCheckpoints(to: Database.CheckpointHandOff(wake: {}))
            try use(store, chat: 2)
        }
        #expect(directory.openDescriptors == [])
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"), "the last connection did not close")
    }

    @Test("a PostgreSQL store let go ends its session on the server")
    func aPostgresStoreLetGoEndsItsSession() throws {
        let harness = try StoreHarness(engine: .postgres)
        let sessions = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        #expect(try harness.store.database.scalar(sessions) == 1)
        do {
            let store = try Store(path: #require(harness.cluster).url(database: "crm"), settings: settings)
            try use(store, chat: 1)
            #expect(try harness.store.database.scalar(sessions) == 2)
        }
        #expect(eventually { (try? harness.store.database.scalar(sessions)) == 1 }, "the session outlived its store")
    }
}
