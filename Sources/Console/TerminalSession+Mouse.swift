import CNCurses

extension TerminalSession {
    /// Asks the terminal for button-1 presses and wheel turns (reported at once, without
    /// waiting to tell clicks from double clicks). Without this call no mouse events arrive and
    /// the terminal keeps its own selection.
    public func enableMouse() {
        cnc_mouse_enable()
    }

    /// The mouse event curses queued with a `KEY_MOUSE` (read it right after that key): nil
    /// for a release or anything else the console ignores.
    func readMouse() -> MouseEvent? {
        var row: Int32 = 0
        var column: Int32 = 0
        var buttons: UInt = 0
        guard cnc_get_mouse(&row, &column, &buttons) != cnc_err() else { return nil }
        let point = Point(row: Int(row), column: Int(column))
        if buttons & cnc_button1_pressed() != 0 { return MouseEvent(.press, at: point) }
        if buttons & cnc_button4_pressed() != 0 { return MouseEvent(.wheelUp, at: point) }
        if buttons & cnc_button5_pressed() != 0 { return MouseEvent(.wheelDown, at: point) }
        return nil
    }
}
