import Console
import DisplayText
import Testing

@Suite struct DialogTests {
    @Test func confirmDialogAnswers() {
        var dialog = ConfirmDialog(question: "Delete?")
        #expect(dialog.handle(.enter) == .declined)
        #expect(dialog.handle(.right) == .pending)
        #expect(dialog.handle(.enter) == .confirmed)
        #expect(dialog.handle(.character("n")) == .declined)
        #expect(dialog.handle(.character("y")) == .confirmed)
        #expect(dialog.handle(.escape) == .declined)
        #expect(dialog.handle(.character("x")) == .pending)
    }

    @Test func pickerFiltersCaseInsensitivelyAndChooses() {
        let items = ["Anna", "Boris", "Joanna", "hANs"].enumerated().map {
            Picker.Item(id: $0.offset, label: Sanitizer.line($0.element))
        }
        var picker = Picker(title: "Manager", items: items, pageSize: 5)
        #expect(picker.handle(.character("a")) == .choosing)
        #expect(picker.handle(.character("n")) == .choosing)
        #expect(picker.matches.map(\.id) == [0, 2, 3])
        _ = picker.handle(.down)
        #expect(picker.handle(.enter) == .chosen(2))
        _ = picker.handle(.backspace)
        _ = picker.handle(.backspace)
        #expect(picker.list.selectedID == 2)
        #expect(picker.matches.count == 4)
        #expect(picker.handle(.escape) == .cancelled)
    }

    @Test func pickerWithNoMatchesChoosesNothing() {
        var picker = Picker(title: "Manager", items: [Picker.Item(id: "a", label: "Anna")])
        _ = picker.handle(.character("z"))
        #expect(picker.handle(.enter) == .choosing)
    }

    @Test func aPastedFilterMatchesWithoutTheSpacesAroundIt() {
        var picker = Picker(
            title: "Status", items: [Picker.Item(id: "won", label: "Win"), Picker.Item(id: "lost", label: "Lose")])
        _ = picker.handle(.character("/"))
        _ = picker.handle(.paste("Lose\n"))
        #expect(picker.matches.map(\.id) == ["lost"])
        #expect(picker.handle(.enter) == .chosen("lost"))
    }
}
