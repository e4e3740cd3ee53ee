import CRMCore
import CRMStore
import Console
import DisplayText
import Testing

/// The edit form checks what it will store and shows every problem at its field.
@Suite struct FormLimitsTests {
    /// Types `text` into the state, a key at a time.
    private static func type(_ text: String, into state: inout AppState) {
        for character in text { _ = state.update(.key(.character(character))) }
    }

    @Test func theEditFormShowsEveryErrorAtItsFieldInFullAndDoesNotSave() throws {
        let world = try ConsoleWorld.populated()
        let app = world.app()
        var state = app.state
        _ = state.update(.key(.character("e")))
        _ = state.update(.key(.control("u")))
        Self.type(String(repeating: "N", count: 250), into: &state)
        for _ in 0..<4 { _ = state.update(.key(.tab)) }
        _ = state.update(.key(.control("u")))
        Self.type("javascript:alert(1)", into: &state)
        let effects = state.update(.key(.enter))
        #expect(effects.isEmpty, "nothing is saved: \(effects)")
        guard case .form(let modal)? = state.modals.last else {
            Issue.record("the form closed")
            return
        }
        #expect(modal.form.fields[0].message?.string == "Name is 250 characters; the limit is 200")
        #expect(
            modal.form.fields[4].message?.string
                == "CRM link must be an http:// or https:// URL (got \"javascript:alert(1)\")")
        #expect(modal.form.fields[1...3].allSatisfy { $0.message == nil })

        var canvas = GridCanvas(size: Size(rows: 24, columns: 80))
        state.render(on: &canvas)
        let rows = canvas.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let name = try #require(rows.firstIndex { $0.contains("Name:") })
        let link = try #require(rows.firstIndex { $0.contains("CRM link:") })
        #expect(rows[name + 1].contains("Name is 250 characters; the limit is 200"), "\(canvas.text)")
        let linkMessage = rows[(link + 1)...(link + 2)].joined(separator: " ")
        #expect(linkMessage.contains("CRM link must be an http:// or https://"), "\(canvas.text)")
        #expect(linkMessage.contains("\"javascript:alert(1)\")"), "the message is not cut short:\n\(canvas.text)")
        #expect(try world.store.lead(try #require(app.state.openLead?.id))?.name.count ?? 0 < 200)
    }

    @Test func theFieldFormRefusesALinkThatIsNotAURL() throws {
        let world = try ConsoleWorld.populated()
        var state = world.app().state
        _ = state.update(.key(.character("F")))
        _ = state.update(.key(.character("a")))
        Self.type("Plan", into: &state)
        _ = state.update(.key(.tab))
        Self.type("Gold", into: &state)
        _ = state.update(.key(.tab))
        Self.type("not a url", into: &state)
        let effects = state.update(.key(.enter))
        #expect(effects.isEmpty, "\(effects)")
        guard case .form(let modal)? = state.modals.last else {
            Issue.record("the form closed")
            return
        }
        #expect(
            modal.form.fields[2].message?.string == "Field link must be an http:// or https:// URL (got \"not a url\")")
    }

    @Test func aLongNameAWebhookBroughtDoesNotBlockSavingThePhone() throws {
        let world = try ConsoleWorld()
        let long = String(repeating: "V", count: 250)
        try world.visitor(long, chat: 1, phone: "+79039468200", email: nil, offset: 0)
        var state = world.app().state
        let lead = try #require(state.openLead)
        _ = state.update(.key(.character("e")))
        _ = state.update(.key(.tab))
        _ = state.update(.key(.control("u")))
        Self.type("+7 916 000-00-00", into: &state)
        let effects = state.update(.key(.enter))
        #expect(
            effects == [
                .saveContact(lead: lead.id, ContactEdit(phone: "+7 916 000-00-00"), expectedVersion: lead.version)
            ])
    }
}
