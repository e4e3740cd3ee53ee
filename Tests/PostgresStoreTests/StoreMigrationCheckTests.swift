@testable import CRMStore
import PostgresClient
import Testing
import TestSupport

/// The check after a copy finds a row that differs in one column, and a row that is missing.
@Suite struct StoreMigrationCheckTests {
    @Test func aChangedOrMissingRowIsFound() throws {
        let store = try StoreMigrationTests.FilledStore()
        let cluster = try PostgresCluster()
        let address = try #require(PostgresAddress(try cluster.createDatabase("crm")))
        let copied = try StoreMigration.run(from: .sqlite(path: store.path), to: .postgres(address))
        #expect(copied.isVerified)

        _ = try cluster.psql(
            "UPDATE leads SET name = name || '!' WHERE id = (SELECT min(id) FROM leads); "
                + "DELETE FROM notes WHERE id = (SELECT max(id) FROM notes)",
            database: "crm")
        let source = try StoreMigration.endpoint(.sqlite(path: store.path), isSource: true)
        let target = try StoreMigration.endpoint(.postgres(address), isSource: false)
        let checked = try StoreMigration.check(try source.tables(), from: source, to: target, samples: 5)
        #expect(!checked.isVerified)
        let leads = try #require(checked.tables.first { $0.name == "leads" })
        #expect(leads.sourceRows == leads.targetRows)
        #expect(leads.mismatches.contains { $0.contains("the first 5 rows, row 1 (id 1): name differ") }, "\(leads)")
        let notes = try #require(checked.tables.first { $0.name == "notes" })
        #expect(notes.targetRows == notes.sourceRows - 1)
        #expect(!notes.isEqual)
        #expect(checked.tables.filter { !$0.isEqual }.map(\.name).sorted() == ["leads", "notes"])
    }
}
