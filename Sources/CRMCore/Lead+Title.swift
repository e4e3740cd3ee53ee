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
            let dash = Self.firstSeparator(in: title)
        else { return nil }
        let followed = title[..<dash] + " - " + name
        return followed == title ? nil : String(followed)
    }

    /// Where the first ` - ` made of three whole Characters starts in `title`, as a search
    /// Character by Character finds it: the scalars are compared (no Character boundaries to
    /// find on the way) and a match counts only where both its ends are Character boundaries
    /// (space and hyphen join no neighbour, so the three scalars are then three Characters).
    private static func firstSeparator(in title: String) -> String.Index? {
        let scalars = title.unicodeScalars
        var index = scalars.startIndex
        while index != scalars.endIndex {
            if scalars[index] == " ", case let dash = scalars.index(after: index), dash != scalars.endIndex,
                scalars[dash] == "-", case let space = scalars.index(after: dash), space != scalars.endIndex,
                scalars[space] == " ", index.samePosition(in: title) != nil,
                scalars.index(after: space).samePosition(in: title) != nil
            {
                return index
            }
            index = scalars.index(after: index)
        }
        return nil
    }
}
