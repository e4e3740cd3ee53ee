import Locking

/// The tokens `/jivo/<token>` accepts, replaceable while the listener runs (after a rotation).
final class AcceptedTokens: Sendable {
    private let tokens: Locked<[(bytes: [UInt8], expiresAt: Int64)]>

    /// `current` tokens, accepted for ever, and `retiring` ones, accepted until their expiry.
    init(_ current: [String], retiring: [(token: String, expiresAt: Int64)]) {
        tokens = Locked(Self.entries(current, retiring))
    }

    /// Replaces the tokens.
    func replace(_ current: [String], retiring: [(token: String, expiresAt: Int64)]) {
        let entries = Self.entries(current, retiring)
        tokens.withLock { $0 = entries }
    }

    /// Whether `candidate` equals one of the tokens unexpired at `now` (Unix ms), compared in
    /// constant time for a given length (every token is compared in full, whatever matches).
    func accepts(_ candidate: [UInt8], now: Int64) -> Bool {
        var matched = false
        for (token, expiresAt) in tokens.withLock({ $0 }) {
            var difference = UInt8(token.count == candidate.count ? 0 : 1)
            for index in 0..<token.count {
                difference |= token[index] ^ (index < candidate.count ? candidate[index] : 0)
            }
            matched = matched || (difference == 0 && expiresAt > now)
        }
        return matched
    }

    private static func entries(
        _ current: [String], _ retiring: [(token: String, expiresAt: Int64)]
    ) -> [(bytes: [UInt8], expiresAt: Int64)] {
        current.map { (Array($0.utf8), Int64.max) } + retiring.map { (Array($0.token.utf8), $0.expiresAt) }
    }
}
