/// Writes comma-separated values that spreadsheets open safely.
public enum CSVWriter {
    /// One record: fields joined by commas, quoted when they hold a comma, semicolon, quote or
    /// line break, ending in CRLF.
    public static func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    /// One field, quoted if needed. Text that a spreadsheet would run as a formula (starting
    /// with `=`, `@`, a tab or a carriage return, or with `+` or `-` and not a number such as a
    /// phone) gets a leading `'`, which ``unguarded(_:)`` removes on import.
    public static func field(_ text: String) -> String {
        let guarded = needsGuard(text) ? "'" + text : text
        guard guarded.contains(where: { $0 == "," || $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
            return guarded
        }
        return "\"" + guarded.replacing("\"", with: "\"\"") + "\""
    }

    /// A field as written by ``field(_:)`` without its formula guard.
    public static func unguarded(_ text: String) -> String {
        guard text.hasPrefix("'"), needsGuard(String(text.dropFirst())) else { return text }
        return String(text.dropFirst())
    }

    private static func needsGuard(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first else { return false }
        switch first {
        case "=", "@", "\t", "\r": return true
        case "+", "-": return !text.unicodeScalars.allSatisfy { "0123456789 +-().".unicodeScalars.contains($0) }
        case "'": return needsGuard(String(text.dropFirst()))
        default: return false
        }
    }
}
