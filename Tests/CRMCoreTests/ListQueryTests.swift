import CRMCore
import Testing

/// The console's list and a saved view are one `ListQuery`; its store filter is the tab, then
/// the filters over it.
@Suite struct ListQueryTests {
    @Test(arguments: [
        (LeadView.unsorted, LeadFilter(status: .unsorted)), (.open, LeadFilter(status: .open)), (.all, LeadFilter()),
        (.conflicts, LeadFilter(withOpenConflicts: true)), (.mine, LeadFilter(managerLogin: "anna")),
    ])
    func eachTabIsAFilter(tab: LeadView, filter: LeadFilter) {
        #expect(ListQuery(tab: tab).filter(mine: "anna") == filter)
    }

    @Test func theFiltersNarrowOrOverrideTheTab() {
        let query = ListQuery(
            tab: .mine, status: .qualified, managerLogin: "bob", unassigned: true, conflicts: true, tasks: true,
            sort: .due, search: "916")
        #expect(
            query.filter(mine: "anna", limit: 20)
                == LeadFilter(
                    status: .qualified, managerLogin: "bob", unassigned: true, search: "916", withOpenConflicts: true,
                    withOpenTasks: true, sort: .due, limit: 20))
        #expect(ListQuery(tab: .unsorted, status: .lost).filter(mine: "anna").status == .lost)
    }

    @Test func unfilteringKeepsTheTabAndTheOrderOnly() {
        let query = ListQuery(tab: .open, status: .won, unassigned: true, sort: .name, search: "x")
        #expect(query.isFiltered)
        #expect(query.unfiltered == ListQuery(tab: .open, sort: .name))
        #expect(!query.unfiltered.isFiltered)
    }
}
