extension Lead {
    /// The title once this lead, created without a name, learns `name`: its automatic title
    /// follows (`JivoChat #18 - Visitor 7` becomes `JivoChat #18 - Tom Clifton`). Nil when the
    /// title stays: the lead had a name, the name is empty, or the title is not the automatic
    /// one (an operator's, an import's).
    public func titleFollowing(name: String) -> String? {
        guard self.name.isEmpty, !name.isEmpty, title.hasPrefix("JivoChat"), let dash = title.firstRange(of: " - ")
        else { return nil }
        let following = title[..<dash.lowerBound] + " - " + name
        return following == title ? nil : String(following)
    }
}
