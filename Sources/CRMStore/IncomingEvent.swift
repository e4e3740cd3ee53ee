import JivoProtocol

/// A delivered webhook body, decoded and hashed before it reaches the write transaction.
///
/// Decoding and hashing need no store, so a listener does them on the thread that read the
/// request and leaves the one writer thread only the SQL.
public struct IncomingEvent: Sendable {
    /// The body, byte for byte as delivered.
    public let body: [UInt8]
    /// The decoded event, or why the body is not one.
    let decoded: Result<WebhookEvent, WebhookBodyError>
    /// The duplicate check's key: SHA-256 of the decoded event with integral numbers written as
    /// text (so ids typed as strings in one delivery and numbers in another hash alike), or of
    /// the raw body when it did not decode.
    let hash: [UInt8]

    /// Decodes and hashes `body`.
    public init(body: [UInt8]) {
        self.body = body
        do {
            let event = try WebhookEvent.decode(body: body)
            decoded = .success(event)
            hash = Store.sha256(JSONValue.object(event.raw).serializedBytesWithIntegralNumbersAsStrings())
        } catch {
            decoded = .failure(error)
            hash = Store.sha256(body)
        }
    }
}
