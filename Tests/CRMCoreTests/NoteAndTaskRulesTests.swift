import CRMCore
import Testing

@Suite struct NoteAndTaskRulesTests {
    @Test func aNoteIsTrimmedAndNeedsText() throws {
        #expect(try NoteRules.newText("  call back \n") == "call back")
        #expect(throws: CRMError.invalidArgument("a note needs some text")) { try NoteRules.newText(" \n ") }
        #expect(try NoteRules.editedText(" fixed ") == "fixed")
        #expect(throws: CRMError.invalidArgument("a note needs some text; to remove it, delete it instead")) {
            try NoteRules.editedText("")
        }
    }

    @Test func onlyTheAuthorEditsOrDeletesANote() throws {
        try NoteRules.requireAuthor("anna", of: 7, actor: "anna", doing: "edit")
        #expect(
            throws: CRMError.conflict(
                "note #7 was written by anna; only its author can delete it (add a note of your own instead)")
        ) { try NoteRules.requireAuthor("anna", of: 7, actor: "bob", doing: "delete") }
    }

    @Test func aTaskNeedsATitleAndMovesBetweenOpenAndDone() throws {
        #expect(try TaskRules.title("  ring them ") == "ring them")
        #expect(throws: CRMError.invalidArgument("a task needs a title: what is to be done")) {
            try TaskRules.title("   ")
        }
        try TaskRules.requireCanComplete(3, status: "open")
        #expect(throws: CRMError.conflict("task #3 is already done")) {
            try TaskRules.requireCanComplete(3, status: "done")
        }
        try TaskRules.requireCanReopen(3, status: "done")
        #expect(throws: CRMError.conflict("task #3 is open already")) {
            try TaskRules.requireCanReopen(3, status: "open")
        }
    }

    @Test func aManagerWithoutANameIsShownByTheLogin() {
        #expect(Manager.name("", login: "anna@example.com") == "anna@example.com")
        #expect(Manager.name("Anna", login: "anna@example.com") == "Anna")
    }
}
