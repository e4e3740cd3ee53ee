extension JSONValue {
    /// Compact JSON text (placeholder until the real serializer lands).
    public var serialized: String { "" }
}
