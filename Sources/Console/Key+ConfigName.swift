extension Key {
    /// Names the configuration file takes for keys without a character of their own.
    static let configNames: [String: Key] = [
        "up": .up, "down": .down, "left": .left, "right": .right, "pgup": .pageUp, "pageup": .pageUp,
        "pgdn": .pageDown, "pagedown": .pageDown, "home": .home, "end": .end, "tab": .tab, "s-tab": .backTab,
        "backtab": .backTab, "enter": .enter, "return": .enter, "esc": .escape, "escape": .escape,
        "bksp": .backspace, "backspace": .backspace, "del": .delete, "delete": .delete, "ins": .insert,
        "insert": .insert, "space": .character(" "),
    ]

    /// Ctrl letters the terminal delivers as other keys (Tab, Enter, Backspace) or the console
    /// keeps for itself (Ctrl-C interrupts).
    static let reservedControls: Set<Character> = ["c", "h", "i", "j", "m"]

    /// The key a configuration file names: one character (`A`, `/`), `ctrl-q` (or `C-q`), `F5`,
    /// or a name such as `enter`, `esc`, `pgdn`, `space` (any case); nil when it names none
    /// the console can bind.
    public init?(configName text: String) {
        if text.count == 1, let character = text.first {
            guard !character.isWhitespace,
                character.unicodeScalars.allSatisfy({ $0.properties.generalCategory != .control })
            else { return nil }
            self = .character(character)
            return
        }
        let lowered = text.lowercased()
        if let named = Self.configNames[lowered] {
            self = named
            return
        }
        for prefix in ["ctrl-", "c-"] where lowered.hasPrefix(prefix) {
            let rest = lowered.dropFirst(prefix.count)
            guard rest.count == 1, let letter = rest.first, letter.isASCII, letter.isLetter,
                !Self.reservedControls.contains(letter)
            else { return nil }
            self = .control(letter)
            return
        }
        if lowered.hasPrefix("f"), let number = Int(lowered.dropFirst()), (1...63).contains(number) {
            self = .function(number)
            return
        }
        return nil
    }
}
