/// Which links may reach the agent's app in a reply: absolute http and https URLs only (never
/// `javascript:`, `data:`, relative or mangled ones), whatever an event or an import brought.
public enum SafeLink {
    /// Whether `link` is an absolute `http://` or `https://` URL with a host, and no white
    /// space or control characters anywhere.
    public static func isHTTP(_ link: String) -> Bool {
        let lowered = link.lowercased()
        let rest: Substring
        if lowered.hasPrefix("https://") {
            rest = lowered.dropFirst(8)
        } else if lowered.hasPrefix("http://") {
            rest = lowered.dropFirst(7)
        } else {
            return false
        }
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !host.isEmpty, !host.hasPrefix("@"), !host.hasPrefix(":") else { return false }
        return !link.unicodeScalars.contains { $0.value <= 0x20 || $0.value == 0x7F || $0.properties.isWhitespace }
    }

    /// `link` when it is an http(s) URL, else nil.
    public static func httpOnly(_ link: String?) -> String? {
        link.flatMap { isHTTP($0) ? $0 : nil }
    }
}
