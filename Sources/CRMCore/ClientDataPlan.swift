import JivoProtocol

/// What client_updated, client_attribute_updated and the CRM-webhook family add to a lead's
/// attributes, decided without touching the store: the event's attributes, its organization's
/// name, the client's status (`jivo_status`) and tags; a key the lead has takes the new value.
public struct ClientDataPlan: Sendable {
    /// The attributes the event brings, in its order.
    public var extra: [(key: String, value: String)]

    /// The plan for `event`.
    public init(event: WebhookEvent) {
        extra = event.attributes
        let root = JSONValue.object(event.raw)
        if let organization = root["organization"]?["name"]?.text { extra.append(("organization", organization)) }
        if let status = event.clientStatus { extra.append(("jivo_status", status)) }
        if let tags = root["tags"]?.arrayValue {
            let titles = tags.compactMap { $0["title"]?.text }
            if !titles.isEmpty { extra.append(("tags", titles.joined(separator: ", "))) }
        }
    }

    /// The lead's attributes `current` with the event's merged in; nil when they change nothing.
    public func merged(into current: [(key: String, value: String)]) -> [(key: String, value: String)]? {
        guard !extra.isEmpty else { return nil }
        var merged = current
        for (key, value) in extra {
            if let index = merged.firstIndex(where: { $0.key == key }) {
                merged[index].value = value
            } else {
                merged.append((key, value))
            }
        }
        return merged.elementsEqual(current, by: ==) ? nil : merged
    }
}
