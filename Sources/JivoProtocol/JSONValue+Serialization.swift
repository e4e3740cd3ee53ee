extension JSONValue {
    /// JSON text (placeholder until the real serializer lands).
    public func serialized(pretty: Bool = false) -> String { "" }
}
