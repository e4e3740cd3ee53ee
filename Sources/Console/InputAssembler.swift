/// Turns what the terminal sent in one wake of the loop into keys, gathering pasted text into
/// one ``Key/paste(_:)`` so that it is never read as commands.
///
/// A bracketed paste (the terminal wraps it in `ESC[200~` … `ESC[201~`) is gathered until its
/// end marker, across as many wakes as it takes; at most ``maximumPaste`` characters are kept,
/// and when the end marker has not come ``pasteTimeout`` milliseconds after the last input, what
/// was gathered is delivered as the paste. Without bracketed paste, a wake that brings a burst
/// no person types (see ``isBurst(_:)``) is one paste too. Escape sequences curses did not
/// decode are read as their keys or dropped (``decodingEscapes(_:)``).
public struct InputAssembler: Sendable {
    /// One item read from the terminal.
    public enum Input: Sendable, Hashable {
        /// A decoded key.
        case key(Key)
        /// The terminal's start-of-paste marker (`ESC[200~`).
        case pasteStart
        /// The terminal's end-of-paste marker (`ESC[201~`).
        case pasteEnd
    }

    /// The most characters one paste keeps; the rest of it is dropped.
    public static let maximumPaste = 100_000
    /// Milliseconds without input after which an unfinished bracketed paste is delivered as it is.
    public static let pasteTimeout: Int64 = 1_000
    /// The fewest keys in one wake that can be a burst.
    public static let burstMinimum = 8
    /// So many text keys in one wake are a burst even without an Enter among them.
    public static let burstLong = 32

    private var pasted: String?
    private var pastedCount = 0
    private var pasteDeadline: Int64 = 0

    /// An assembler outside any paste.
    public init() {}

    /// Whether a bracketed paste has started and its end marker has not come yet.
    public var isPasting: Bool {
        pasted != nil
    }

    /// Milliseconds from `now` until an unfinished paste is given up, or nil outside a paste.
    public func wakeAfter(now: Int64) -> Int? {
        isPasting ? Int(clamping: max(0, pasteDeadline - now)) : nil
    }

    /// The keys for `inputs`, read at `now` (milliseconds): keys outside a paste as they came
    /// (or one paste for a burst), each finished paste as one ``Key/paste(_:)``. Call it on
    /// every wake, with no inputs too, so that a paste whose end marker was lost is delivered.
    public mutating func assemble(_ inputs: [Input], now: Int64) -> [Key] {
        var keys: [Key] = []
        var loose: [Key] = []
        func flushLoose() {
            let decoded = Self.decodingEscapes(loose)
            keys += Self.isBurst(decoded) ? [.paste(Self.text(of: decoded))] : decoded
            loose = []
        }
        for input in inputs {
            switch input {
            case .pasteStart:
                flushLoose()
                if pasted == nil {
                    pasted = ""
                    pastedCount = 0
                }
            case .pasteEnd:
                if let text = pasted { keys.append(.paste(text)) }
                pasted = nil
            case .key(let key):
                if pasted == nil {
                    loose.append(key)
                } else {
                    gather(key)
                }
            }
        }
        flushLoose()
        if let text = pasted {
            if inputs.isEmpty, now >= pasteDeadline {
                keys.append(.paste(text))
                pasted = nil
            } else if !inputs.isEmpty {
                pasteDeadline = now + Self.pasteTimeout
            }
        }
        return keys
    }

    /// Whether `keys`, read in one wake, came faster than anyone types: at least
    /// ``burstMinimum`` of them, all text (characters, Enter, Tab), not one key repeated (key
    /// repeat), and either an Enter followed by more text or at least ``burstLong`` keys.
    public static func isBurst(_ keys: [Key]) -> Bool {
        guard keys.count >= burstMinimum, keys.allSatisfy(isText), keys.contains(where: { $0 != keys[0] }) else {
            return false
        }
        guard let enter = keys.firstIndex(of: .enter) else { return keys.count >= burstLong }
        return enter < keys.count - 1 || keys.count >= burstLong
    }

    private static func isText(_ key: Key) -> Bool {
        switch key {
        case .character, .enter, .tab: true
        default: false
        }
    }

    /// The text `keys` type: characters as they are, Enter as a newline, Tab as a tab; other
    /// keys (arrows, function keys, control keys) are dropped.
    static func text(of keys: [Key]) -> String {
        var text = ""
        for key in keys { append(key, to: &text) }
        return text
    }

    private static func append(_ key: Key, to text: inout String) {
        switch key {
        case .character(let character): text.append(character)
        case .enter: text.append("\n")
        case .tab: text.append("\t")
        case .paste(let pasted): text += pasted
        default: break
        }
    }

    private mutating func gather(_ key: Key) {
        guard var text = pasted, pastedCount < Self.maximumPaste else { return }
        pasted = nil
        Self.append(key, to: &text)
        pastedCount += 1
        pasted = text
    }
}
