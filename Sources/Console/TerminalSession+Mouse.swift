import CNCurses

extension TerminalSession {
    /// Asks the terminal for button-1 presses and wheel turns (reported at once, without
    /// waiting to tell clicks from double clicks). Without this call no mouse events arrive and
    /// the terminal keeps its own selection.
    public func enableMouse() {
        cnc_mouse_enable()
    }

    /// The event for a decoded key: the mouse event behind `KEY_MOUSE` (nil for a release or
    /// anything else the console ignores), else the key.
    func terminalEvent(for key: Key) -> TerminalEvent? {
        guard key == .unknown(UInt32(bitPattern: cnc_key_mouse())) else { return .key(key) }
        var row: Int32 = 0
        var column: Int32 = 0
        var buttons: UInt = 0
        guard cnc_get_mouse(&row, &column, &buttons) != cnc_err() else { return nil }
        let point = Point(row: Int(row), column: Int(column))
        if buttons & cnc_button1_pressed() != 0 { return .mouse(MouseEvent(.press, at: point)) }
        if buttons & cnc_button4_pressed() != 0 { return .mouse(MouseEvent(.wheelUp, at: point)) }
        if buttons & cnc_button5_pressed() != 0 { return .mouse(MouseEvent(.wheelDown, at: point)) }
        return nil
    }
}
