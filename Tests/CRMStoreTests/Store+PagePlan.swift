import CRMCore

@testable import CRMStore

extension Store {
    /// SQLite's plan (`EXPLAIN QUERY PLAN`'s details, one a line) for the one statement that
    /// reads a page of `filter`'s list, as the store's list would make it now.
    func pagePlan(_ filter: LeadFilter) throws -> String {
        let (conditions, values, _) = try leadList.conditions(
            filter, search: .everything, gatheringTasks: try leadList.gathersOpenTasks(filter))
        return try database.rows(
            "EXPLAIN QUERY PLAN " + LeadListRepository.pageStatement(conditions, sort: filter.sort, postgres: false),
            values + [.integer(100)]
        ) { $0.text(3) }.joined(separator: "\n")
    }
}
