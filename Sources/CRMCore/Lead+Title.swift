import JivoProtocol

extension Lead {
    /// The title of a lead that an event of `kind` creates for `visitor` (in chat `chatID`):
    /// `JivoChat #18 - Tom Clifton`, `JivoChat offline message - …`, `JivoChat call - …`; a
    /// visitor without a name is named by their visitor number, phone or email, in that order.
    public static func title(creatingFrom kind: EventKind?, chatID: String?, visitor: Visitor) -> String {
        let fallback = visitor.number.map { "Visitor \($0)" } ?? visitor.phone ?? visitor.email ?? "Visitor"
        switch kind {
        case .offlineMessage?: return "JivoChat offline message - \(visitor.name ?? fallback)"
        case .callEvent?: return "JivoChat call - \(visitor.name ?? fallback)"
        default: return title(chatID: chatID, name: visitor.name, fallback: fallback)
        }
    }

    /// The title once this lead, created without a name, learns `name`: its automatic title
    /// follows (`JivoChat #18 - Visitor 7` becomes `JivoChat #18 - Tom Clifton`). Nil when the
    /// title stays: the lead had a name, the title is not an automatic one (an operator's, an
    /// import's), or it reads so already.
    public func title(followingName name: String) -> String? {
        guard self.name.isEmpty, !name.isEmpty, title.hasPrefix("JivoChat"),
            let dash = title.firstRange(of: " - ")
        else { return nil }
        let followed = title[..<dash.lowerBound] + " - " + name
        return followed == title ? nil : String(followed)
    }
}
