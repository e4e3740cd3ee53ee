/// libFuzzer target: WebhookEvent.decode(body:) over the JSON parser. Built by `make fuzz`
/// with JivoProtocol's sources. Any input must decode or throw, never trap; a decoded body must
/// serialise and parse again, and the canonical form written while parsing must be the one
/// written from the value.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWebhookEvent(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let event = try? WebhookEvent.decode(body: bytes) {
        _ = event.name
        _ = event.chatID
    }
    if let value = try? JSONParser.parse(bytes) {
        let again = try? JSONParser.parse(value.serializedBytes())
        precondition(again == value, "a parsed value does not survive serialising")
    }
    if let parsed = try? JSONParser.parseWithCanonicalForm(bytes, maxDepth: 512, replacingLoneSurrogates: true) {
        precondition(
            parsed.canonical == parsed.value.serializedBytesWithIntegralNumbersAsStrings(),
            "the canonical form written while parsing differs from the one written from the value")
    }
    return 0
}
