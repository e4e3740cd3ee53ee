extension InputAssembler {
    /// `keys` with the escape sequences curses left undecoded (`ESC [ … final`, `ESC O final`,
    /// from a terminal whose keys its terminfo entry does not describe) read as the keys they
    /// stand for, or dropped when they stand for none this console knows: never as Esc and
    /// characters, which are commands (Esc clears the filters, `4` switches the list). An Esc
    /// alone, Alt with a key (Esc and one character) and a sequence cut off before its final
    /// character stay as they came.
    static func decodingEscapes(_ keys: [Key]) -> [Key] {
        var decoded: [Key] = []
        var index = 0
        while index < keys.count {
            guard keys[index] == .escape, index + 2 < keys.count, case .character(let intro) = keys[index + 1],
                intro == "[" || intro == "O"
            else {
                decoded.append(keys[index])
                index += 1
                continue
            }
            var parameters = ""
            var end = index + 2
            var final: Character?
            while end < keys.count, case .character(let character) = keys[end], let ascii = character.asciiValue {
                if intro == "[", (0x20...0x3F).contains(ascii) {
                    parameters.append(character)
                    end += 1
                    continue
                }
                if (0x40...0x7E).contains(ascii) { final = character }
                break
            }
            guard let final else {
                decoded.append(keys[index])
                index += 1
                continue
            }
            if let key = key(parameters: parameters, final: final) { decoded.append(key) }
            index = end + 1
        }
        return decoded
    }

    /// The key a sequence with `parameters` and `final` stands for (xterm's, VT220's and
    /// rxvt's forms of the cursor and editing keys, Shift-Tab, keypad Enter and F1–F4;
    /// modifiers ignored), or nil.
    private static func key(parameters: String, final: Character) -> Key? {
        switch final {
        case "A": .up
        case "B": .down
        case "C": .right
        case "D": .left
        case "H": .home
        case "F": .end
        case "Z": .backTab
        case "M": .enter
        case "P": .function(1)
        case "Q": .function(2)
        case "R": .function(3)
        case "S": .function(4)
        case "~":
            switch parameters.split(separator: ";").first {
            case "1", "7": .home
            case "2": .insert
            case "3": .delete
            case "4", "8": .end
            case "5": .pageUp
            case "6": .pageDown
            default: nil
            }
        default: nil
        }
    }
}
