import JivoProtocol

/// Webhook bodies with unique, checkable effects.
enum Bodies {
    /// A chat_accepted for chat `chat` whose visitor has the email `email`.
    static func accepted(chat: String, email: String, name: String = "Crash Test") -> [UInt8] {
        JSONValue.object([
            "event_name": .string("chat_accepted"), "chat_id": .string(chat), "widget_id": .string("w1"),
            "visitor": .object(["name": .string(name), "email": .string(email), "number": .string(chat)]),
            "agent": .object(["id": .string("1"), "name": .string("Anna"), "email": .string("anna@example.com")]),
        ]).serializedBytes()
    }

    /// A chat_finished for chat `chat` whose visitor (with the number `chat`) wrote `text`.
    static func finished(chat: String, text: String) -> [UInt8] {
        JSONValue.object([
            "event_name": .string("chat_finished"), "chat_id": .string(chat), "widget_id": .string("w1"),
            "visitor": .object(["number": .string(chat)]),
            "chat": .object([
                "messages": .array([
                    .object(["message": .string(text), "timestamp": .number("1700000000"), "type": .string("visitor")])
                ])
            ]),
        ]).serializedBytes()
    }

    /// An offline_message with id `id` and text `text`.
    static func offline(id: String, text: String, name: String = "Offline Visitor") -> [UInt8] {
        JSONValue.object([
            "event_name": .string("offline_message"), "widget_id": .string("w1"), "offline_message_id": .string(id),
            "message": .string(text),
            "visitor": .object([
                "name": .string(name), "email": .string("off-\(id)@example.com"), "number": .string("o\(id)"),
            ]),
        ]).serializedBytes()
    }
}
