extension ChatReply {
    /// The bytes of ``json``'s `serializedBytes()`, written straight from the reply without
    /// building the JSON value first (the event loop answers every chat_accepted with one).
    public func serializedBytes() -> [UInt8] {
        var writer = JSONWriter(pretty: false)
        writer.writeRaw(#"{"result":"ok","contact_info":{"name":"#)
        writer.writeString(contactInfo.name)
        func writeUnlessEmpty(_ member: StaticString, _ value: String) {
            guard !value.isEmpty else { return }
            writer.writeRaw(member)
            writer.writeString(value)
        }
        writeUnlessEmpty(#","phone":"#, contactInfo.phone)
        writeUnlessEmpty(#","email":"#, contactInfo.email)
        writeUnlessEmpty(#","description":"#, contactInfo.description)
        writer.writeRaw(#"},"custom_data":["#)
        for position in customData.indices {
            let field = customData[position]
            writer.writeRaw(position > 0 ? ",{" : "{")
            if let title = field.title {
                writer.writeRaw(#""title":"#)
                writer.writeString(title)
                writer.writeRaw(",")
            }
            writer.writeRaw(#""content":"#)
            writer.writeString(field.content)
            if let link = field.link {
                writer.writeRaw(#","link":"#)
                writer.writeString(link)
            }
            if let key = field.key {
                writer.writeRaw(#","key":"#)
                writer.writeString(key)
            }
            writer.writeRaw("}")
        }
        writer.writeRaw("]")
        if let crmLink {
            writer.writeRaw(#","crm_link":"#)
            writer.writeString(crmLink)
        }
        writer.writeRaw(enableAssign ? #","enable_assign":true}"# : #","enable_assign":false}"#)
        return writer.output
    }
}
