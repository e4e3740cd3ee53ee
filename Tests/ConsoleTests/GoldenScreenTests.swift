import Console
import DisplayText
import Testing

@Suite struct GoldenScreenTests {
    @Test(arguments: [(Size(rows: 24, columns: 80), "screen-80x24"), (Size(rows: 48, columns: 160), "screen-160x48")])
    func splitScreen(size: Size, name: String) {
        GoldenFile.expectMatch(renderDemoScreen(size: size), name)
    }

    @Test func singlePaneBelowMinimum() {
        GoldenFile.expectMatch(
            renderDemoScreen(size: Size(rows: 20, columns: 60), focus: .timeline), "screen-60x20-timeline")
    }

    @Test func helpOverlayIsGeneratedFromKeymaps() {
        var canvas = renderDemoScreen(size: Size(rows: 24, columns: 80))
        let overlay = HelpOverlay(sections: [demoKeymap.helpSection, ListMotion.keymap.helpSection])
        overlay.render(on: &canvas, in: Rect(size: canvas.size))
        GoldenFile.expectMatch(canvas, "help-80x24")
    }

    @Test func formWithValidationMessage() {
        var form = Form(
            title: "Edit lead",
            fields: [
                FormField(label: "Name", text: visitorNames[3]),
                FormField(label: "Phone", text: "12") { $0.count < 5 ? "Phone needs at least 5 digits" : nil },
                FormField(label: "Comment", text: "你好 😀 Привет"),
            ])
        form.setInputWidth(40)
        #expect(form.submit() == .rejected)
        var canvas = GridCanvas(size: Size(rows: 24, columns: 80))
        let area = Rect(row: 1, column: 2, rows: 8, columns: 60)
        canvas.clip = area
        form.render(on: &canvas, in: area)
        GoldenFile.expectMatch(canvas, "form-80x24")
        #expect(canvas.cursor == Point(row: 3, column: 2 + 9 + 2))
    }

    @Test func pickerFiltersAndHighlights() {
        let items = visitorNames.enumerated().map { Picker.Item(id: $0.offset, label: Sanitizer.line($0.element)) }
        var picker = Picker(title: "Assign manager", items: items, pageSize: 6)
        _ = picker.handle(.character("A"))
        _ = picker.handle(.down)
        _ = picker.handle(.down)
        var canvas = GridCanvas(size: Size(rows: 24, columns: 80))
        let area = Rect(row: 4, column: 10, rows: 9, columns: 40)
        canvas.clip = area
        picker.render(on: &canvas, in: area)
        GoldenFile.expectMatch(canvas, "picker-80x24")
    }

    @Test func confirmDialogWithHostileQuestion() {
        let dialog = ConfirmDialog(question: "Delete lead " + Sanitizer.line(visitorNames[3]) + "?")
        var canvas = GridCanvas(size: Size(rows: 24, columns: 80))
        dialog.render(on: &canvas, in: Rect(size: canvas.size))
        GoldenFile.expectMatch(canvas, "confirm-80x24")
    }

    @Test(arguments: [
        Size(rows: 24, columns: 80), Size(rows: 48, columns: 160), Size(rows: 10, columns: 30),
        Size(rows: 3, columns: 5),
    ])
    func noScreenTextContainsControls(size: Size) {
        let text = renderDemoScreen(size: size).text
        #expect(!text.unicodeScalars.contains { $0.properties.generalCategory == .control && $0 != "\n" })
        #expect(!text.unicodeScalars.contains { $0.properties.generalCategory == .format })
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false).count == size.rows)
    }
}
