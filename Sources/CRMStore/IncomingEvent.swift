import JivoProtocol

/// A delivered webhook body, decoded and hashed before it reaches the write transaction, with
/// the time it was received.
///
/// The transport makes it: decoding and hashing need no store, so a listener does them on the
/// thread that read the request, by its own clock, and leaves the one writer thread only the
/// SQL; the store stamps the event with ``receivedAt``. A replay, which has no transport, makes
/// one from a stored body and its original time.
public struct IncomingEvent: Sendable {
    /// The body, byte for byte as delivered.
    public let body: [UInt8]
    /// When the body was received, in milliseconds since 1970, by the receiver's clock.
    public let receivedAt: Int64
    /// The request's `Content-Encoding` header, nil when it had none.
    public let contentEncoding: String?
    /// The decoded event, or why the body is not one.
    let decoded: Result<WebhookEvent, WebhookBodyError>
    /// The duplicate check's key: SHA-256 of the decoded event with integral numbers written as
    /// text (so ids typed as strings in one delivery and numbers in another hash alike), or of
    /// the raw body when it did not decode.
    let hash: [UInt8]
    /// The HTTP status a body that is not an event is answered with: 415 for a compressed
    /// body, else 400.
    let rejectionStatus: Int

    /// Decodes and hashes `body`, received at `receivedAt` with the `Content-Encoding` header
    /// `contentEncoding` (nil when it had none). A compressed body is not decoded: it is kept as
    /// it came and refused as an unsupported media type.
    public init(body: [UInt8], contentEncoding: String? = nil, receivedAt: Int64) {
        self.body = body
        self.receivedAt = receivedAt
        self.contentEncoding = contentEncoding
        if let problem = Self.encodingProblem(body: body, contentEncoding: contentEncoding) {
            decoded = .failure(WebhookBodyError(message: problem))
            hash = Store.sha256(body)
            rejectionStatus = 415
            return
        }
        rejectionStatus = 400
        do {
            let (event, canonical) = try WebhookEvent.decodeWithCanonicalForm(body: body)
            decoded = .success(event)
            hash = Store.sha256(canonical)
        } catch {
            decoded = .failure(error)
            hash = Store.sha256(body)
        }
    }

    /// Why a body cannot be read as it came: a `Content-Encoding` other than identity, or the
    /// gzip magic bytes without one; nil for a plain body.
    static func encodingProblem(body: [UInt8], contentEncoding: String?) -> String? {
        let encoding = (contentEncoding ?? "").trimmingWhitespace.lowercased()
        if !encoding.isEmpty, encoding != "identity" {
            return "the body has Content-Encoding: \(encoding.prefix(40)), which this endpoint does not "
                + "decode; send the JSON uncompressed (JivoChat does). The body is kept as quarantined"
        }
        if body.count >= 2, body[0] == 0x1F, body[1] == 0x8B {
            return "the body is gzip data without a Content-Encoding header; send the JSON uncompressed "
                + "(JivoChat does). The body is kept as quarantined"
        }
        return nil
    }
}
