@testable import CRMStore
import Testing

/// The order `migrate` copies tables in: every table after the tables it refers to, a table's
/// references to its own rows set afterwards, a cycle refused.
@Suite struct StoreMigrationOrderTests {
    private func table(_ name: String, key: [String] = ["id"]) -> MigrationTable {
        MigrationTable(name: name, columns: ["id", "parent_id"], key: key)
    }

    @Test func parentsComeFirstAndSelfReferencesAreDeferred() throws {
        let order = try StoreMigration.copyOrder(
            [table("audit"), table("events"), table("leads"), table("managers")],
            foreignKeys: [
                MigrationForeignKey(table: "events", column: "lead_id", parent: "leads"),
                MigrationForeignKey(table: "leads", column: "manager_id", parent: "managers"),
                MigrationForeignKey(table: "leads", column: "merged_into", parent: "leads"),
            ])
        #expect(order.map(\.table.name) == ["audit", "managers", "leads", "events"])
        #expect(order.map(\.deferred) == [[], [], ["merged_into"], []])
    }

    @Test func aCycleOrASelfReferenceWithoutAKeyIsRefused() {
        #expect(throws: StoreError.self) {
            try StoreMigration.copyOrder(
                [table("a"), table("b")],
                foreignKeys: [
                    MigrationForeignKey(table: "a", column: "b_id", parent: "b"),
                    MigrationForeignKey(table: "b", column: "a_id", parent: "a"),
                ])
        }
        #expect(throws: StoreError.self) {
            try StoreMigration.copyOrder(
                [table("a", key: [])], foreignKeys: [MigrationForeignKey(table: "a", column: "a_id", parent: "a")])
        }
    }
}
