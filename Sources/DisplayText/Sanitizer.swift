/// The one gate every untrusted string (visitor names, messages, anything from the network or the
/// store) passes through before it is drawn or printed.
///
/// Rules, applied per Unicode scalar after splitting into lines:
/// - Line breaks (`\n`, `\r\n`, lone `\r`, VT, FF, U+2028, U+2029) split lines in ``lines(_:)``;
///   in ``line(_:)`` each break becomes a visible `⏎`.
/// - Tab becomes spaces up to the next multiple of ``tabWidth`` columns.
/// - Other C0 controls and DEL become their Control Pictures (`␛` for ESC, `␇` for BEL, `␈` for
///   backspace, `␡` for DEL). Because ESC itself is replaced, CSI, OSC (titles, `ESC ]52` clipboard
///   writes) and DCS sequences are left as plain, inert text.
/// - C1 controls (U+0080–U+009F, including the 8-bit CSI U+009B), which have no Control Pictures,
///   become U+FFFD.
/// - Bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) and all other
///   format characters (category Cf: zero-width space and joiners, soft hyphen, BOM, tags) are
///   removed. Variation selectors and emoji skin-tone modifiers are removed too, because terminals
///   disagree about the width they produce; ZWJ emoji sequences therefore show as their parts.
/// - Unassigned, private-use and noncharacter code points, and anything `wcwidth` reports as
///   unprintable, become U+FFFD.
/// - A zero-width mark with no base character is attached to `◌` (U+25CC); more than
///   ``DisplayCluster/maximumMarks`` marks on one base are dropped.
public enum Sanitizer {
    /// Columns between tab stops.
    public static let tabWidth = 4

    /// Splits `text` into sanitised lines. An empty string gives no lines; a final line break does
    /// not add an empty last line.
    public static func lines(_ text: String) -> [DisplayLine] {
        var pieces = splitLines(text)
        if pieces.last?.isEmpty == true { pieces.removeLast() }
        return pieces.map(measure)
    }

    /// Sanitises `text` into one line; line breaks become a visible `⏎`.
    public static func line(_ text: String) -> DisplayLine {
        measure(Array(splitLines(text).joined(separator: [lineBreakSymbol])))
    }

    /// Decodes `bytes` as UTF-8, replacing invalid sequences with U+FFFD, then sanitises one line.
    public static func line(bytes: some Sequence<UInt8>) -> DisplayLine {
        line(String(decoding: Array(bytes), as: UTF8.self))
    }

    /// Decodes `bytes` as UTF-8, replacing invalid sequences with U+FFFD, then splits into lines.
    public static func lines(bytes: some Sequence<UInt8>) -> [DisplayLine] {
        lines(String(decoding: Array(bytes), as: UTF8.self))
    }

    /// `text` made safe to print to a terminal from plain command-line output: one line, same rules
    /// as ``line(_:)``. Text those rules leave as it is (nearly every log line and table cell) is
    /// returned without building the line.
    public static func escapedForTerminal(_ text: String) -> String {
        isInert(text) ? text : line(text).string
    }

    /// Whether ``line(_:)`` gives `text` back unchanged: every scalar is printable ASCII, or
    /// stays itself and takes columns of its own (so that no mark would be put on `◌` and no
    /// cluster grows). Looks at each scalar once; only those beyond ASCII are asked for their
    /// properties and width.
    static func isInert(_ text: String) -> Bool {
        if text.utf8.allSatisfy({ (0x20..<0x7F).contains($0) }) { return true }
        try? configureLocale()
        return text.unicodeScalars.allSatisfy { scalar in
            (0x20..<0x7F).contains(scalar.value)
                || (scalar.value >= 0x80 && inert(scalar) == scalar && columns(of: scalar) > 0)
        }
    }

    static let lineBreakSymbol: Unicode.Scalar = "\u{23CE}"
    private static let dottedCircle: Unicode.Scalar = "\u{25CC}"

    /// The text split at line breaks into raw scalar runs.
    private static func splitLines(_ text: String) -> [[Unicode.Scalar]] {
        var result: [[Unicode.Scalar]] = [[]]
        var previousWasCarriageReturn = false
        for scalar in text.unicodeScalars {
            defer { previousWasCarriageReturn = scalar == "\r" }
            switch scalar.value {
            case 0x0A where previousWasCarriageReturn:
                continue
            case 0x0A, 0x0B, 0x0C, 0x0D, 0x2028, 0x2029:
                result.append([])
            default:
                result[result.count - 1].append(scalar)
            }
        }
        return result
    }

    /// Maps scalars to inert ones and groups them into measured clusters.
    private static func measure(_ scalars: [Unicode.Scalar]) -> DisplayLine {
        try? configureLocale()
        var clusters: [DisplayCluster] = []
        var column = 0
        var base: String.UnicodeScalarView = .init()
        var baseWidth = 0
        var marks = 0

        func closeCluster() {
            guard baseWidth > 0 else { return }
            clusters.append(DisplayCluster(text: String(base), width: baseWidth))
            column += baseWidth
            base = .init()
            baseWidth = 0
            marks = 0
        }

        for scalar in scalars {
            guard let mapped = inert(scalar) else { continue }
            if mapped == "\t" {
                closeCluster()
                let spaces = tabWidth - column % tabWidth
                clusters += Array(repeating: .space, count: spaces)
                column += spaces
                continue
            }
            let width = columns(of: mapped)
            if width > 0 {
                closeCluster()
                base.append(mapped)
                baseWidth = width
            } else if baseWidth == 0 {
                base.append(dottedCircle)
                base.append(mapped)
                baseWidth = 1
                marks = 1
            } else if marks < DisplayCluster.maximumMarks {
                base.append(mapped)
                marks += 1
            }
        }
        closeCluster()
        return DisplayLine(clusters: clusters)
    }
}
