extension Lead {
    /// How lists, pickers, pages and messages name the lead: the person's name, else the lead's
    /// title (while the visitor gave no name).
    public var displayName: String { Self.displayName(name: name, title: title) }

    /// The display name of a lead whose person is `name` (empty while unknown), titled `title`.
    public static func displayName(name: String, title: String) -> String {
        name.isEmpty ? title : name
    }
}
