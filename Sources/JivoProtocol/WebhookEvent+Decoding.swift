/// Why a webhook body could not be taken as an event.
public struct WebhookBodyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong, fit to send back to the caller.
    public let message: String

    /// An error with the given message.
    public init(message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}

extension WebhookEvent {
    /// Parses and decodes a request body. Fails only when the body is not JSON or not an object;
    /// any object is an event (an unknown one if it names no known event). A lone surrogate
    /// escape (a truncated emoji) decodes as U+FFFD: the event is real, only one character is lost.
    /// So does a `\u0000` escape, which means nothing in a visitor's text and which PostgreSQL's
    /// text cannot hold: the event applies alike on both engines. (A raw NUL byte in a string is
    /// no JSON, and the body is refused.)
    public static func decode(body: [UInt8]) throws(WebhookBodyError) -> WebhookEvent {
        try decodeWithCanonicalForm(body: body).event
    }

    /// ``decode(body:)`` that also gives the event's canonical form (its raw object as
    /// ``JSONValue/serializedBytesWithIntegralNumbersAsStrings()`` writes it), the
    /// text a duplicate check hashes, written while the body is parsed. It keeps a `\u0000`
    /// escape as `\u0000`: a body hashes as it did before NULs were replaced, so a redelivery of
    /// an event stored then is still recognised.
    public static func decodeWithCanonicalForm(
        body: [UInt8]
    ) throws(WebhookBodyError) -> (event: WebhookEvent, canonical: [UInt8]) {
        let parsed: (value: JSONValue, canonical: [UInt8])
        do {
            parsed = try JSONParser.parseWithCanonicalForm(
                body, maxDepth: JSONParser.defaultMaxDepth, replacingLoneSurrogates: true, replacingNULs: true)
        } catch {
            throw WebhookBodyError(message: "the body is not valid JSON: \(error.description)")
        }
        guard case .object(let object) = parsed.value else {
            throw WebhookBodyError(
                message: "the body is JSON but not an object; JivoChat sends one object per event")
        }
        return (WebhookEvent(object: object), parsed.canonical)
    }

    /// Decodes an object leniently: wrong types and missing fields become nil.
    public init(object: JSONObject) {
        let root = JSONValue.object(object)
        if let name = root[field: "event_name"]?.text.flatMap(Self.nonEmpty) {
            self.init(name: name, family: .webhook, raw: object)
        } else if let type = root[field: "event_type"]?.text.flatMap(Self.nonEmpty) {
            self.init(name: type, family: .crm, raw: object)
        } else {
            self.init(name: "", family: .webhook, raw: object)
        }
        chatID = root[field: "chat_id"]?.idText ?? root[field: "chat"]?[field: "id"]?.idText
        widgetID = root[field: "widget_id"]?.idText
        clientID = root[field: "client_id"]?.idText ?? root[field: "client"]?[field: "id"]?.idText
        userToken = root[field: "user_token"]?.text.flatMap(Self.nonEmpty)
        visitor = (root[field: "visitor"] ?? root[field: "contacts"] ?? root[field: "client"]).flatMap(Self.visitor)
        agent = root[field: "agent"].flatMap(Self.agent)
        agents = root[field: "agents"]?.arrayValue?.compactMap(Self.agent) ?? []
        assignedAgent = root[field: "assigned_agent"].flatMap(Self.agent)
        session = root[field: "session"].flatMap(Self.session)
        page = root[field: "page"].flatMap(Self.page)
        transcript = root[field: "chat"].flatMap(Self.transcript)
        plainMessages = root[field: "plain_messages"]?.text
        offlineMessageID = root[field: "offline_message_id"]?.idText
        message = root[field: "message"]?.text
        assignTo = root[field: "assign_to"]?.text.flatMap(Self.nonEmpty)
        call = root[field: "call"].flatMap(Self.call)
        if call != nil, call?.timestamp == nil { call?.timestamp = Self.unixSeconds(root[field: "timestamp"]) }
        (attributes, unreadAttributes) = Self.attributes(root[field: "attributes"])
        clientStatus = root[field: "status"].flatMap { $0.objectValue != nil ? Self.field($0, "title") : $0.text }
    }

    /// Attributes from an object of name to value, an array of `{name|key|title,
    /// value|content}` objects, or an array of `[name, value]` pairs; what fits none of these
    /// is described in the second element.
    static func attributes(_ value: JSONValue?) -> ([(key: String, value: String)], String?) {
        var pairs: [(key: String, value: String)] = []
        var unread = 0
        switch value {
        case nil, .null?:
            return ([], nil)
        case .object(let object)?:
            for member in object.members {
                if let text = member.value.text { pairs.append((member.key, text)) } else { unread += 1 }
            }
        case .array(let items)?:
            for item in items {
                if let pair = attributePair(item) { pairs.append(pair) } else { unread += 1 }
            }
        default:
            return ([], "attributes not applied: neither an object nor an array (kept in the raw body)")
        }
        guard unread > 0 else { return (pairs, nil) }
        return (
            pairs, "\(unread) attribute(s) not applied: not a name with a text or number value (kept in the raw body)"
        )
    }

    private static func attributePair(_ item: JSONValue) -> (key: String, value: String)? {
        if item.objectValue != nil {
            guard let key = field(item, "name") ?? field(item, "key") ?? field(item, "title"),
                let value = (item[field: "value"] ?? item[field: "content"])?.text
            else { return nil }
            return (key, value)
        }
        guard let pair = item.arrayValue, pair.count == 2, let key = pair[0].text.flatMap(nonEmpty),
            let value = pair[1].text
        else { return nil }
        return (key, value)
    }

    private static func nonEmpty(_ text: String) -> String? {
        let trimmed = text.trimmingWhitespace
        return trimmed.isEmpty ? nil : trimmed
    }

    private static func field(_ value: JSONValue, _ key: String) -> String? {
        value[field: key]?.text.flatMap(nonEmpty)
    }

    private static func visitor(_ value: JSONValue) -> Visitor? {
        guard value.objectValue != nil else { return nil }
        return Visitor(
            name: field(value, "name"), email: field(value, "email"), phone: field(value, "phone"),
            number: value[field: "number"]?.idText, description: field(value, "description"),
            chatsCount: value[field: "chats_count"]?.int64Value)
    }

    private static func agent(_ value: JSONValue) -> Agent? {
        guard value.objectValue != nil else { return nil }
        return Agent(
            id: value[field: "id"]?.idText, name: field(value, "name"), email: field(value, "email"),
            phone: field(value, "phone"))
    }

    private static func session(_ value: JSONValue) -> Session? {
        guard value.objectValue != nil else { return nil }
        var session = Session(
            ipAddress: field(value, "ip_addr"), userAgent: field(value, "user_agent"))
        if let geo = value[field: "geoip"], geo.objectValue != nil {
            session.geoip = GeoIP(
                city: field(geo, "city"), region: field(geo, "region"),
                country: field(geo, "country"), countryCode: field(geo, "country_code"),
                all: textPairs(geo))
        }
        let utmJSON = textPairs(value[field: "utm_json"])
        session.utm = utmJSON.isEmpty ? parseUTM(value[field: "utm"]?.text) : utmJSON
        return session
    }

    /// Parses JivoChat's pipe-separated UTM string (`source=google|medium=cpc`). Keys are given
    /// the `utm_` prefix when they lack it; pieces without `=` are dropped.
    public static func parseUTM(_ text: String?) -> [(key: String, value: String)] {
        guard var text else { return [] }
        // Split on the UTF-8 bytes of `|` and `=` (which never occur inside another character's
        // encoding), so every piece is whole characters: far cheaper than splitting by Characters.
        return text.withUTF8 { bytes in
            var pairs: [(key: String, value: String)] = []
            var start = 0
            while start < bytes.count {
                var end = start
                var equals: Int?
                while end < bytes.count, bytes[end] != UInt8(ascii: "|") {
                    if equals == nil, bytes[end] == UInt8(ascii: "=") { equals = end }
                    end += 1
                }
                defer { start = end + 1 }
                guard let equals else { continue }
                let keyBytes = UnsafeBufferPointer(rebasing: bytes[start..<equals])
                let valueBytes = UnsafeBufferPointer(rebasing: bytes[(equals + 1)..<end])
                if let pair = plainUTMPair(key: keyBytes, value: valueBytes) {
                    pairs.append(pair)
                    continue
                }
                let key = String(decoding: keyBytes, as: UTF8.self).trimmingWhitespace
                let value = String(decoding: valueBytes, as: UTF8.self).trimmingWhitespace
                guard !key.isEmpty, !value.isEmpty else { continue }
                pairs.append((key.hasPrefix("utm_") ? key : "utm_" + key, value))
            }
            return pairs
        }
    }

    /// ``parseUTM(_:)``'s pair for the piece `key=value` when both begin and end with printable
    /// ASCII other than space (so trimming leaves them as they are) and the key either does not
    /// start with `utm_` or goes on with ASCII (so `hasPrefix` sees the same four characters as
    /// the bytes): made from the bytes without trimming or concatenating. Nil for any other
    /// piece, which ``parseUTM(_:)`` reads as text.
    private static func plainUTMPair(
        key: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>
    ) -> (key: String, value: String)? {
        func isSolid(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }
        guard let keyFirst = key.first, let keyLast = key.last, isSolid(keyFirst), isSolid(keyLast),
            let valueFirst = value.first, let valueLast = value.last, isSolid(valueFirst), isSolid(valueLast)
        else { return nil }
        let prefix: [UInt8] = [UInt8(ascii: "u"), UInt8(ascii: "t"), UInt8(ascii: "m"), UInt8(ascii: "_")]
        let hasPrefix = key.starts(with: prefix)
        if hasPrefix, key.count > 4, key[4] >= 0x80 { return nil }
        let text = String(decoding: value, as: UTF8.self)
        if hasPrefix { return (String(decoding: key, as: UTF8.self), text) }
        let prefixed = String(unsafeUninitializedCapacity: 4 + key.count) { buffer in
            _ = buffer.initialize(fromContentsOf: prefix)
            return 4 + UnsafeMutableBufferPointer(rebasing: buffer[4...]).initialize(fromContentsOf: key)
        }
        return (prefixed, text)
    }

    private static func page(_ value: JSONValue) -> Page? {
        guard value.objectValue != nil else { return nil }
        return Page(url: field(value, "url"), title: field(value, "title"))
    }

    private static func transcript(_ value: JSONValue) -> ChatTranscript? {
        guard value.objectValue != nil else { return nil }
        let messages = value[field: "messages"]?.arrayValue?.compactMap { item -> ChatMessage? in
            guard item.objectValue != nil else { return nil }
            return ChatMessage(
                timestamp: unixSeconds(item[field: "timestamp"]),
                type: item[field: "type"]?.text.flatMap(nonEmpty) ?? "unknown",
                agentID: item[field: "agent_id"]?.idText,
                text: item[field: "message"]?.text ?? item[field: "text"]?.text ?? "")
        }
        return ChatTranscript(
            messages: messages ?? [], rate: field(value, "rate"),
            blacklisted: value[field: "blacklisted"]?.boolValue, invitation: field(value, "invitation"))
    }

    private static func call(_ value: JSONValue) -> CallInfo? {
        guard value.objectValue != nil else { return nil }
        return CallInfo(
            type: field(value, "type"), phone: field(value, "phone"),
            status: field(value, "status"), reason: field(value, "reason"),
            recordURL: field(value, "record_url"), timestamp: unixSeconds(value[field: "timestamp"]))
    }

    /// A time as Unix seconds. JivoChat sends seconds; a value from 10^11 up (seconds after
    /// the year 5000) is taken as milliseconds, as some senders write them, and made seconds:
    /// taken as seconds it showed a chat in the year 57901.
    private static func unixSeconds(_ value: JSONValue?) -> Int64? {
        guard let number = value?.int64Value else { return nil }
        return number >= 100_000_000_000 ? number / 1000 : number
    }

    private static func textPairs(_ value: JSONValue?) -> [(key: String, value: String)] {
        guard let object = value?.objectValue else { return [] }
        return object.members.compactMap { member in
            member.value.text.map { (member.key, $0) }
        }
    }
}
