import CNCurses

extension Key {
    /// Decodes one result of ncurses `wget_wch`: `status` is its return value (`OK` or
    /// `KEY_CODE_YES`) and `code` the character or key code it stored. Returns `nil` for `ERR`.
    public init?(cursesStatus status: Int32, code: UInt32) {
        if status == cnc_err() { return nil }
        if status == cnc_key_code_yes() {
            self = Key.functionKey(Int32(bitPattern: code))
        } else {
            self = Key.characterKey(code)
        }
    }

    private static func functionKey(_ code: Int32) -> Key {
        switch code {
        case KEY_UP: .up
        case KEY_DOWN: .down
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_PPAGE: .pageUp
        case KEY_NPAGE: .pageDown
        case KEY_HOME: .home
        case KEY_END: .end
        case KEY_BTAB: .backTab
        case KEY_ENTER: .enter
        case KEY_BACKSPACE: .backspace
        case KEY_DC: .delete
        case KEY_IC: .insert
        case cnc_key_resize(): .resize
        case KEY_F0 + 1...KEY_F0 + 63: .function(Int(code - KEY_F0))
        default: .unknown(UInt32(bitPattern: code))
        }
    }

    private static func characterKey(_ code: UInt32) -> Key {
        switch code {
        case 0x09: return .tab
        case 0x0A, 0x0D: return .enter
        case 0x1B: return .escape
        case 0x08, 0x7F: return .backspace
        case 0x01...0x1A:
            return .control(Character(Unicode.Scalar(UInt8(0x60 + code))))
        default:
            guard let scalar = Unicode.Scalar(code),
                scalar.properties.generalCategory != .control
            else { return .unknown(code) }
            return .character(Character(scalar))
        }
    }
}
