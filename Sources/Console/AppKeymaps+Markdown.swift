extension AppKeymaps {
    /// Every key of the console as a Markdown table (where, keys, what), section by section in
    /// help order. The README's key table is this text; a test keeps the two equal.
    public static var markdownTable: String {
        var lines = ["| where | keys | what it does |", "|---|---|---|"]
        for section in helpSections {
            for entry in section.entries {
                let joined = entry.keyNames.map { "`\($0.string)`" }.joined(separator: " ")
                lines.append(
                    "| \(escaped(section.title.string)) | \(escaped(joined)) | \(escaped(entry.help.string)) |")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `text` with the table's cell separator escaped.
    private static func escaped(_ text: String) -> String {
        text.replacing("|", with: "\\|")
    }
}
