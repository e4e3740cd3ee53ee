/// The visitor's contact data as the agent will see it. The reply leaves out an empty phone,
/// email or description (the protocol marks them optional): JivoChat shows contact_info as if
/// the visitor had typed it, so an empty one would blank what the visitor did type (an email
/// another lead holds, or one that is no address, which the lead does not take).
public struct ContactInfo: Sendable, Equatable {
    /// Name.
    public var name: String
    /// Primary phone.
    public var phone: String
    /// Primary email.
    public var email: String
    /// Description (comment about the visitor).
    public var description: String

    /// Contact data with the given fields.
    public init(name: String = "", phone: String = "", email: String = "", description: String = "") {
        self.name = name
        self.phone = phone
        self.email = email
        self.description = description
    }
}

/// One custom_data item shown in the agent's app.
public struct CustomDataField: Sendable, Equatable {
    /// Title shown above the field.
    public var title: String?
    /// Content.
    public var content: String
    /// A link opened by clicking the field (shown only under the channel's Safe URL).
    public var link: String?
    /// Bold text before a colon.
    public var key: String?

    /// A field with the given parts.
    public init(title: String? = nil, content: String, link: String? = nil, key: String? = nil) {
        self.title = title
        self.content = content
        self.link = link
        self.key = key
    }
}

/// The answer to chat_accepted and chat_updated.
public struct ChatReply: Sendable, Equatable {
    /// JivoChat shows at most this many custom_data fields.
    public static let customDataLimit = 10

    /// Contact data.
    public var contactInfo: ContactInfo
    /// Custom data, at most ``customDataLimit`` items.
    public var customData: [CustomDataField]
    /// The link to the lead's card.
    public var crmLink: String?
    /// Whether the agent is offered "link to CRM".
    public var enableAssign: Bool

    /// A reply with the given parts; custom data beyond the limit is dropped.
    public init(
        contactInfo: ContactInfo, customData: [CustomDataField], crmLink: String?,
        enableAssign: Bool
    ) {
        self.contactInfo = contactInfo
        self.customData = Array(customData.prefix(Self.customDataLimit))
        self.crmLink = crmLink
        self.enableAssign = enableAssign
    }

    /// The reply as JSON.
    public var json: JSONValue {
        // Members are appended in order with keys known to be distinct, so no key is looked up.
        var contact: [(key: String, value: JSONValue)] = [("name", .string(contactInfo.name))]
        for (key, value) in [
            ("phone", contactInfo.phone), ("email", contactInfo.email), ("description", contactInfo.description),
        ]
        where !value.isEmpty {
            contact.append((key, .string(value)))
        }
        var members: [(key: String, value: JSONValue)] = [
            ("result", .string("ok")),
            ("contact_info", .object(JSONObject(uniqueMembers: contact))),
            (
                "custom_data",
                .array(
                    customData.map { field in
                        var item: [(key: String, value: JSONValue)] = []
                        if let title = field.title { item.append(("title", .string(title))) }
                        item.append(("content", .string(field.content)))
                        if let link = field.link { item.append(("link", .string(link))) }
                        if let key = field.key { item.append(("key", .string(key))) }
                        return .object(JSONObject(uniqueMembers: item))
                    })
            ),
        ]
        if let crmLink { members.append(("crm_link", .string(crmLink))) }
        members.append(("enable_assign", .bool(enableAssign)))
        return .object(JSONObject(uniqueMembers: members))
    }

    /// `{"result":"ok"}`, the answer to every other event.
    public static let ok: JSONValue = .object(["result": .string("ok")])

    /// `{"result":"error","message":...}`, the answer to a body that is not an event.
    public static func error(_ message: String) -> JSONValue {
        .object(["result": .string("error"), "message": .string(message)])
    }
}
