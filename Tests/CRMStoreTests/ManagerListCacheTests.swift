import CRMCore
import Testing
import TestSupport

@testable import CRMStore

/// Ingest's list of managers, read once per SQLite write transaction, is read again after this
/// store changed the managers, for the rest of that transaction: a savepoint may undo the change.
@Suite struct ManagerListCacheTests {
    @Test func aManagerThatASavepointAddedAndUndidGetsNoLeadAfterIt() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-managers")
        let store = try Store(path: directory.file("crm.sqlite"))
        struct Undone: Error {}
        let result = try store.database.write {
            _ = try? store.database.savepoint { () throws -> Void in
                _ = try store.addManager(login: "anna", name: "Anna", isDefault: true, actor: "test")
                #expect(try store.managerList.managers().map(\.login) == ["anna"])
                throw Undone()
            }
            #expect(try store.managerList.managers().isEmpty)
            return try store.ingest(body: Fixtures.bytes("chat_accepted"), receivedAt: 1_700_000_000_000)
        }
        #expect(result.status == "applied")
        #expect(try store.managers().isEmpty)
        #expect(try store.database.scalar("SELECT count(*) FROM leads WHERE manager_id IS NOT NULL") == 0)
    }

    @Test func aManagerAddedInTheTransactionIsChosenLaterInIt() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-managers")
        let store = try Store(path: directory.file("crm.sqlite"))
        let result = try store.database.write {
            #expect(try store.managerList.managers().isEmpty)
            _ = try store.addManager(login: "anna", name: "Anna", isDefault: true, actor: "test")
            return try store.ingest(body: Fixtures.bytes("chat_accepted"), receivedAt: 1_700_000_000_000)
        }
        #expect(result.status == "applied")
        #expect(try store.database.scalar("SELECT count(*) FROM leads WHERE manager_id IS NOT NULL") == 1)
    }
}
