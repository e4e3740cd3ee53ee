import Console
import Testing

@Suite struct FormTests {
    func makeForm() -> Form {
        Form(
            title: "Lead",
            fields: [
                FormField(label: "Name", text: "Ivan") { $0.isEmpty ? "Name is required" : nil },
                FormField(label: "Phone"),
                FormField(label: "Email"),
            ])
    }

    @Test func movesBetweenFieldsWithWrapAround() {
        var form = makeForm()
        #expect(form.handle(.tab) == .editing)
        #expect(form.focus == 1)
        _ = form.handle(.down)
        #expect(form.focus == 2)
        _ = form.handle(.tab)
        #expect(form.focus == 0)
        _ = form.handle(.backTab)
        #expect(form.focus == 2)
        _ = form.handle(.up)
        #expect(form.focus == 1)
    }

    @Test func typingGoesToTheFocusedFieldAndMarksDirty() {
        var form = makeForm()
        #expect(!form.isDirty)
        _ = form.handle(.tab)
        for character in "+7900" { _ = form.handle(.character(character)) }
        #expect(form.values == ["Ivan", "+7900", ""])
        #expect(form.isDirty)
    }

    @Test func submitValidatesAndFocusesFirstInvalidField() {
        var form = makeForm()
        _ = form.handle(.control("u"))
        _ = form.handle(.tab)
        #expect(form.fields[0].message == "Name is required")
        #expect(form.handle(.control("s")) == .rejected)
        #expect(form.focus == 0)
        _ = form.handle(.character("A"))
        #expect(form.fields[0].message == nil)
        #expect(form.handle(.enter) == .submitted(["A", "", ""]))
    }

    @Test func escapeCancels() {
        var form = makeForm()
        #expect(form.handle(.escape) == .cancelled)
    }
}
