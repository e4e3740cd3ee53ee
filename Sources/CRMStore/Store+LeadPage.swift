/// The signing key of lead page links, kept in the store.
extension Store {
    /// The key that signs lead page links, created (32 random bytes) on first use.
    public func leadPageKey() throws -> [UInt8] {
        if let key = try existingLeadPageKey() { return key }
        return try database.write {
            if let key = try existingLeadPageKey() { return key }
            let key = Crypto.randomKey()
            try setSetting("lead_page_key", Crypto.hex(key))
            return key
        }
    }

    /// The page key if one was made; nil before the first link was issued (no link can be valid).
    public func existingLeadPageKey() throws -> [UInt8]? {
        try setting("lead_page_key").flatMap { Crypto.bytes(hex: $0) }
    }

    /// The page link of lead `id` issued now under ``CRMSettings/publicURL``; nil when no public
    /// address is set.
    public func leadPageURL(_ id: Int64) throws -> String? {
        let base = settings.publicURL
        guard !base.isEmpty else { return nil }
        let trimmed: String
        if let kept = leadPageBase, kept.publicURL == base {
            trimmed = kept.trimmed
        } else {
            trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
            leadPageBase = (base, trimmed)
        }
        let signer = try leadPageKeys.signer { try leadPageKey() }
        return LeadPageLink.issued(leadID: id, now: clock()).url(base: trimmed, signedBy: signer)
    }
}
