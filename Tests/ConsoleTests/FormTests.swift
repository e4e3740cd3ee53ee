import Console
import DisplayText
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

    @Test func aFormTallerThanItsRoomShowsTheFocusedFieldAndItsMessage() {
        var form = Form(
            title: "Lead",
            fields: ["Name", "Phone", "Email", "Description", "CRM link"].map { label in
                FormField(label: DisplayLine(stringLiteral: label)) { $0 == "bad" ? "use an http(s) link" : nil }
            })
        for _ in 0..<4 { _ = form.handle(.tab) }
        for character in "bad" { _ = form.handle(.character(character)) }
        #expect(form.submit() == .rejected)
        #expect(form.focus == 4)
        var canvas = GridCanvas(size: Size(rows: 4, columns: 40))
        form.render(on: &canvas, in: Rect(row: 0, column: 0, rows: 4, columns: 40))
        #expect(canvas.text.contains("CRM link:"), "\(canvas.text)")
        #expect(canvas.text.contains("bad"), "\(canvas.text)")
        #expect(canvas.text.contains("use an http(s) link"), "\(canvas.text)")
        _ = form.handle(.tab)
        var top = GridCanvas(size: Size(rows: 4, columns: 40))
        form.render(on: &top, in: Rect(row: 0, column: 0, rows: 4, columns: 40))
        #expect(top.text.hasPrefix("Name:"), "back at the first field, the form shows its top:\n\(top.text)")
    }

    @Test func aFieldWithoutTheCursorShowsTheStartOfALongValue() {
        var form = Form(
            title: "Lead",
            fields: [FormField(label: "Name"), FormField(label: "Email", text: "Sophia.Clark@Outlook.Com")])
        var canvas = GridCanvas(size: Size(rows: 4, columns: 20))
        form.render(on: &canvas, in: Rect(row: 0, column: 0, rows: 4, columns: 20))
        #expect(canvas.text.contains("Sophia.Clark…"), "\(canvas.text)")
        _ = form.handle(.tab)
        var focused = GridCanvas(size: Size(rows: 4, columns: 20))
        form.render(on: &focused, in: Rect(row: 0, column: 0, rows: 4, columns: 20))
        #expect(focused.text.contains("Outlook.Com"), "the cursor at its end shows the end:\n\(focused.text)")
    }
}
