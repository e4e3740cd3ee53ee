import Console
import Testing

@Suite struct ListStateTests {
    @Test func movesAndClamps() {
        var list = ListState(ids: Array(0..<100), pageSize: 10)
        #expect(list.selection == 0)
        list.apply(.up)
        #expect(list.selection == 0)
        list.apply(.down)
        #expect(list.selectedID == 1)
        list.apply(.pageDown)
        #expect(list.selection == 11)
        #expect(list.visibleRange == 2..<12)
        list.apply(.bottom)
        #expect(list.selection == 99)
        #expect(list.visibleRange == 90..<100)
        list.apply(.pageUp)
        #expect(list.selection == 89)
        #expect(list.offset == 89)
        list.apply(.top)
        #expect(list.selection == 0)
        #expect(list.offset == 0)
    }

    @Test func keymapDrivesMotions() {
        var list = ListState(ids: Array(0..<5), pageSize: 3)
        for key: Key in [.character("j"), .character("j"), .character("k"), .character("G")] {
            if let motion = ListMotion.keymap.command(for: key) { list.apply(motion) }
        }
        #expect(list.selection == 4)
        if let motion = ListMotion.keymap.command(for: .character("g")) { list.apply(motion) }
        #expect(list.selection == 0)
    }

    @Test func selectionStaysOnTheSameItemWhenARowArrivesAtTheTop() {
        var list = ListState(ids: ["a", "b", "c", "d", "e", "f"], pageSize: 3)
        list.apply(.down)
        list.apply(.down)
        list.apply(.down)
        #expect(list.selectedID == "d")
        let screenRow = list.selection! - list.offset
        list.replaceRows(["new", "a", "b", "c", "d", "e", "f"])
        #expect(list.selectedID == "d")
        #expect(list.selection! - list.offset == screenRow)
    }

    @Test func removedSelectionKeepsItsIndexWithinRange() {
        var list = ListState(ids: [1, 2, 3], pageSize: 3)
        list.apply(.bottom)
        list.replaceRows([1, 2])
        #expect(list.selectedID == 2)
        list.replaceRows([])
        #expect(list.selection == nil)
        #expect(list.selectedID == nil)
        list.replaceRows([7])
        #expect(list.selectedID == 7)
    }

    @Test func emptyListIgnoresMotions() {
        var list = ListState<Int>(pageSize: 5)
        list.apply(.down)
        list.apply(.bottom)
        #expect(list.selection == nil)
        #expect(list.visibleRange.isEmpty)
    }

    @Test func shrinkingPageKeepsSelectionVisible() {
        var list = ListState(ids: Array(0..<20), pageSize: 10)
        list.apply(.pageDown)
        list.pageSize = 4
        #expect(list.visibleRange.contains(list.selection!))
    }

    @Test func rowsArrivingAboveTheVisibleOnesAreUnseenUntilScrolledIntoView() {
        var list = ListState(ids: [10, 11, 12, 13], pageSize: 3)
        list.apply(.down)
        list.replaceRows([20, 21, 10, 11, 12, 13])
        #expect(list.selectedID == 11)
        #expect(list.offset == 2)
        #expect(list.unseenAbove == [20, 21])
        // A row that arrives on screen (below the first visible) is seen.
        list.replaceRows([20, 21, 10, 11, 30, 12, 13])
        #expect(list.unseenAbove == [20, 21])
        list.apply(.up)
        list.apply(.up)
        #expect(list.unseenAbove == [20])
        list.apply(.top)
        #expect(list.unseenAbove.isEmpty)
    }

    @Test func rowsGoneOrFirstLoadedAreNotUnseen() {
        var list = ListState<Int>(pageSize: 2)
        list.replaceRows([1, 2, 3, 4])
        #expect(list.unseenAbove.isEmpty)
        list.apply(.bottom)
        list.replaceRows([9, 1, 2, 3, 4])
        #expect(list.unseenAbove == [9])
        list.replaceRows([1, 2, 3, 4])
        #expect(list.unseenAbove.isEmpty)
        // Rows a load says are no arrivals (a next page) are not announced, wherever they land.
        list.replaceRows([0, 1, 2, 3, 4, 5], notingArrivals: false)
        #expect(list.unseenAbove.isEmpty)
    }
}
