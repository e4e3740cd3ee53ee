import JivoProtocol

extension JSONValue {
    /// The members of an object whose values are text, as (key, value) pairs in their order
    /// (UTM tags, visitor attributes); none for anything but an object.
    public var textPairs: [(key: String, value: String)] {
        objectValue?.members.compactMap { member in member.value.text.map { (member.key, $0) } } ?? []
    }
}
