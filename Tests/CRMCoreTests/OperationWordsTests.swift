import CRMCore
import Testing

@Suite("Operation parts and the words for their changes")
struct OperationWordsTests {
    @Test("a part round-trips through its stored name; an unknown name is no part")
    func keys() {
        for part in [OperationPart.column("status"), .list("phones"), .row("task", 12)] {
            #expect(OperationPart(key: part.key) == part)
        }
        #expect(OperationPart(key: "lead.colour") == nil)
        #expect(OperationPart(key: "invoice:3") == nil)
        #expect(OperationPart.decode("[[1,\"a\",null,2.5]]") == [[.integer(1), .text("a"), .null, .real(2.5)]])
        #expect(OperationPart.decode("not json").isEmpty)
    }

    @Test("a status and a manager are told by value in every way")
    func columns() {
        let status = OperationWords.describe(
            .column("status"), lead: 12, from: "[[\"unsorted\"]]", to: "[[\"won\"]]", .done, manager: { _ in nil })
        #expect(status == "status of #12 set to Won")
        let manager = OperationWords.describe(
            .column("manager_id"), lead: 12, from: nil, to: "[[3]]", .changedSince, manager: { _ in "kim" })
        #expect(manager == "manager of #12 changed to kim since")
        let none = OperationWords.describe(
            .column("manager_id"), lead: 12, from: "[[3]]", to: "[[null]]", .undone, manager: { _ in "kim" })
        #expect(none == "manager of #12 back to none")
    }

    @Test("what changed since names the part, never the person's values")
    func changedSinceHidesValues() {
        let name = OperationWords.describe(
            .column("name"), lead: 5, from: "[[\"Tom\"]]", to: "[[\"Ann\"]]", .changedSince, manager: { _ in nil })
        #expect(name == "name of #5 changed since")
        let phones = OperationWords.describe(
            .list("phones"), lead: 5, from: "[]", to: "[[0,\"+1 408 555-0199\",\"+14085550199\"]]", .changedSince,
            manager: { _ in nil })
        #expect(phones == "phones of #5 changed since")
        let note = OperationWords.describe(
            .row("note", 7), lead: 5, from: "[[5,1,\"bob\",\"old\"]]", to: "[[5,1,\"bob\",\"new\"]]", .changedSince,
            manager: { _ in nil })
        #expect(note == "note #7 changed since")
    }

    @Test("lists, rows added and removed, and a task whose only change is its assignee")
    func listsAndRows() {
        let fields = OperationWords.describe(
            .list("fields"), lead: 5, from: "[]", to: "[[0,\"Plan\",\"Gold\",null,null]]", .undone,
            manager: { _ in nil })
        #expect(fields == "custom fields of #5 back to Plan=Gold")
        #expect(
            OperationWords.describe(.row("note", 7), lead: 5, from: nil, to: "[[5,1,\"bob\",\"hi\"]]", .undone) { _ in
                nil
            }
                == "note #7 on #5 restored")
        #expect(
            OperationWords.describe(.row("note", 7), lead: 5, from: "[[5,1,\"bob\",\"hi\"]]", to: nil, .done) { _ in nil
            }
                == "note #7 on #5 removed")
        let task = "[[5,\"manual\",\"call\",1,0,\"open\",null,0,null,null]]"
        let reassigned = "[[5,\"manual\",\"call\",2,0,\"open\",null,0,null,null]]"
        #expect(
            OperationWords.describe(.row("task", 9), lead: 5, from: task, to: reassigned, .done) { _ in nil } == nil)
        let done = "[[5,\"manual\",\"call\",1,0,\"done\",null,0,1,\"kim\"]]"
        #expect(
            OperationWords.describe(.row("task", 9), lead: 5, from: task, to: done, .done) { _ in nil }
                == "task #9 set to done")
    }
}
