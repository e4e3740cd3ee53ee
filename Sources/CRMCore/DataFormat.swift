/// A file format jivocrm imports and exports.
public enum DataFormat: String, Sendable, CaseIterable {
    /// Comma- or semicolon-separated values with a header row.
    case csv
    /// vCard 3.0 (4.0 is read too).
    case vcard
    /// jivocrm's own JSON export.
    case json

    /// The format named `text` (`vcf` is vCard), or an error listing the formats.
    public static func parse(_ text: String) throws(CRMError) -> DataFormat {
        switch text.lowercased() {
        case "csv": return .csv
        case "vcard", "vcf", "vcards": return .vcard
        case "json": return .json
        default:
            throw CRMError.invalidArgument("unknown format '\(text)'; use csv, vcard or json")
        }
    }

    /// The format a file's extension names, or an error asking for `--format`.
    public static func guess(path: String) throws(CRMError) -> DataFormat {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), let format = try? parse(String(name[name.index(after: dot)...])) else {
            throw CRMError.invalidArgument(
                "cannot tell the format of \(name) from its extension; give --format csv, vcard or json")
        }
        return format
    }
}
