import CCrypto

/// An HMAC-SHA256 key made ready once for many messages: OpenSSL's one-shot HMAC looks the
/// algorithm up and digests the padded key again for every message, which costs several times
/// the message's own digest. Each message is authenticated on the one keyed context, initialised
/// again to the key it holds (a copy of the context per message cost as much as the digests), so
/// a key is for one thread at a time (the class is not `Sendable`).
final class HMACKey {
    /// The key's bytes.
    let key: [UInt8]
    private let context: OpaquePointer

    /// `key`, made ready; stops the process when libcrypto cannot make an HMAC-SHA256 context,
    /// as ``Crypto/hmacSHA256(key:_:)`` does.
    init(_ key: [UInt8]) {
        self.key = key
        let context = key.withUnsafeBytes { ccrypto_hmac_sha256_new($0.baseAddress, $0.count) }
        guard let context else { preconditionFailure("OpenSSL HMAC-SHA256 failed") }
        self.context = context
    }

    deinit {
        EVP_MAC_CTX_free(context)
    }

    /// HMAC-SHA256 of `message` under the key.
    func mac(_ message: [UInt8]) -> [UInt8] {
        var mac = [UInt8](repeating: 0, count: 32)
        message.withUnsafeBytes { raw in mac.withUnsafeMutableBufferPointer { self.mac(raw, into: $0) } }
        return mac
    }

    /// HMAC-SHA256 of `message` under the key, written into `mac` (32 bytes).
    func mac(_ message: UnsafeRawBufferPointer, into mac: UnsafeMutableBufferPointer<UInt8>) {
        precondition(mac.count == 32, "an HMAC-SHA256 takes 32 bytes")
        let ok = ccrypto_hmac_sha256_keyed(context, message.baseAddress, message.count, mac.baseAddress)
        precondition(ok == 1, "OpenSSL HMAC-SHA256 failed")
    }
}
