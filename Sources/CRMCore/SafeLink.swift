/// The one rule for links: absolute http and https URLs only (never `javascript:`, `data:`,
/// relative or mangled ones). Replies send only such links, whatever an event or an import
/// brought, and an operator's edit stores only such links (``ContactLimits/linkProblem(_:_:)``).
public enum SafeLink {
    /// Why a link is not an absolute http(s) URL.
    public enum Problem: Sendable, Equatable {
        /// It does not start with `http://` or `https://`.
        case notHTTP
        /// It has white space or a control character somewhere.
        case spaceOrControl
        /// Nothing after `scheme` (`http://` or `https://`) names a host.
        case noHost(scheme: String)
    }

    /// Why `link` is not an absolute `http://` or `https://` URL with a host and no white space
    /// or control characters anywhere, or nil when it is one.
    public static func problem(_ link: String) -> Problem? {
        let lowered = link.lowercased()
        guard let scheme = ["http://", "https://"].first(where: { lowered.hasPrefix($0) }) else { return .notHTTP }
        if link.unicodeScalars.contains(where: {
            $0.value <= 0x20 || $0.properties.isWhitespace || ContactLimits.isControl($0)
        }) {
            return .spaceOrControl
        }
        let authority = link.dropFirst(scheme.count).prefix { !"/?#".contains($0) }
        let host = authority.split(separator: "@", omittingEmptySubsequences: false).last ?? ""
        guard !authority.hasPrefix("@"), !host.isEmpty, !host.hasPrefix(":") else { return .noHost(scheme: scheme) }
        return nil
    }

    /// Whether `link` is an absolute `http://` or `https://` URL with a host, and no white
    /// space or control characters anywhere.
    public static func isHTTP(_ link: String) -> Bool {
        problem(link) == nil
    }

    /// `link` when it is an http(s) URL, else nil.
    public static func httpOnly(_ link: String?) -> String? {
        link.flatMap { isHTTP($0) ? $0 : nil }
    }
}
