extension Array where Element == LeadField {
    /// The position of the custom field titled `title`, ignoring case; nil when there is none.
    public func fieldIndex(titled title: String) -> Int? {
        firstIndex { $0.title.lowercased() == title.lowercased() }
    }

    /// The custom field titled `title`, ignoring case; nil when there is none.
    public func field(titled title: String) -> LeadField? {
        fieldIndex(titled: title).map { self[$0] }
    }
}
